using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Graduates;
using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Storage;
using Liuhu.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Liuhu.Core.Programme;

/// <summary>What a 就业去向 file became: every row either recorded or rejected with its reasons.</summary>
public sealed record EmploymentImport(int Rows, int Recorded, IReadOnlyList<RowIssue> Errors, IReadOnlyList<RowIssue> Warnings, RejectedRows Rejected);

/// <summary>Records employment (就业去向), one by one or as a file, within the caller's scope: a university its own
/// graduates, a district employment in its own district, the bureau any. Each record is completed with what
/// progress needs to keep counting it after an erasure (the university, whether it is in Hohhot, the residency).
/// Never logs graduate ids.</summary>
public sealed class EmploymentService(
    IEmploymentStore store,
    IGraduateStore graduates,
    IVacancyStore vacancies,
    TableAccessStore organisations,
    TimeProvider time,
    IOptions<ProgrammeOptions> options,
    IOptions<LedgerLimits> limits,
    ILogger<EmploymentService> logger)
{
    public async Task<EmploymentRecord> RecordAsync(Caller caller, JsonElement body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemException(Problem.BadRequest("json.invalid", "请求体应为 JSON 对象", "The body must be a JSON object."));
        }

        var source = new JsonFieldSource(body);
        var (record, errors, _) = EmploymentValidator.Validate(source, options.Value.Year, time.GetUtcNow());
        if (record is { } valid)
        {
            (record, var issue) = await CompleteAsync(caller, valid, "api", new Lookups(), cancellationToken);
            errors = issue is null ? errors : [source.Issue(issue.Value.Field, issue.Value.Code, issue.Value.Message)];
        }

        if (record is null)
        {
            throw new ProblemException(new Problem(422, "employment.invalid", "就业去向信息有误，请按 errors 逐项修改",
                $"The employment record has {errors.Count} invalid field(s); see errors.") { Errors = errors });
        }

        await store.RecordAsync([record], cancellationToken);
        logger.LogInformation("Employment record ({Route}) stored by {CredentialId}", record.Route, caller.CredentialId);
        return record;
    }

    /// <summary>Reads a 就业去向 file (CSV, .xlsx, .xls or JSON, through the ledger readers and their bounds),
    /// records every valid row and reports the others, row by row in Chinese, with the rows themselves for an
    /// error workbook. Recording is idempotent, so importing the same file again changes nothing.</summary>
    public async Task<EmploymentImport> ImportAsync(Caller caller, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(body);
        var content = await ReadWithinAsync(body, limits.Value.MaxUploadBytes, cancellationToken);
        var sheet = LedgerSheet.Locate(LedgerReader.Read(content, limits.Value), EmploymentSchema.Columns);
        if (sheet.Rows.Count > options.Value.MaxEmploymentRows)
        {
            throw FileProblems.TooManyRows(sheet.Rows.Count, options.Value.MaxEmploymentRows);
        }

        var now = time.GetUtcNow();
        var lookups = new Lookups();
        var recorded = new List<EmploymentRecord>();
        var errors = new List<RowIssue>();
        var warnings = new List<RowIssue>(sheet.Warnings);
        foreach (var row in sheet.Rows)
        {
            var source = new SheetRowSource(sheet, row);
            var (record, rowErrors, rowWarnings) = EmploymentValidator.Validate(source, options.Value.Year, now);
            warnings.AddRange(rowWarnings);
            if (record is { } valid)
            {
                (record, var issue) = await CompleteAsync(caller, valid, "file", lookups, cancellationToken);
                rowErrors = issue is null ? rowErrors : [source.Issue(issue.Value.Field, issue.Value.Code, issue.Value.Message)];
            }

            if (record is null)
            {
                errors.AddRange(rowErrors);
            }
            else
            {
                recorded.Add(record);
            }
        }

        if (recorded.Count > 0)
        {
            await store.RecordAsync(recorded, cancellationToken);
        }

        logger.LogInformation("Employment file from {CredentialId}: {Rows} rows, {Recorded} recorded, {Rejected} rejected",
            caller.CredentialId, sheet.Rows.Count, recorded.Count, sheet.Rows.Count - recorded.Count);
        return new EmploymentImport(sheet.Rows.Count, recorded.Count, errors, warnings, RejectedRows.From(sheet, errors));
    }

    /// <summary>Per request, so a file naming the same graduate, post or university twice reads it once.</summary>
    private sealed class Lookups
    {
        public Dictionary<string, GraduateProfile?> Graduates { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Domain.Vacancy?> Posts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, bool> Universities { get; } = new(StringComparer.Ordinal);
    }

    private readonly record struct Refusal(string Field, string Code, string Message);

    /// <summary>Scope, the post, and the facts progress keeps: the record ready to store, or why it cannot be.</summary>
    private async Task<(EmploymentRecord? Record, Refusal? Refusal)> CompleteAsync(Caller caller, EmploymentRecord record, string how, Lookups lookups,
        CancellationToken cancellationToken)
    {
        var graduateId = record.GraduateId;
        if (caller.Kind == OrganisationKind.University && !graduateId.Contains('-', StringComparison.Ordinal))
        {
            // A university's list may hold its student numbers alone; one with a '-' is read as a full id.
            graduateId = GraduateIds.Compose(caller.Tenant, graduateId);
        }

        if (!GraduateIds.IsValidNamespaced(graduateId))
        {
            return (null, new("graduateId", "graduate_id.invalid", $"毕业生编号“{record.GraduateId}”无效：应为“高校代码-学号”，如 4115010126-2024001"));
        }

        var university = GraduateIds.UniversityOf(graduateId)!;
        if (caller.Kind == OrganisationKind.University && !caller.OwnsUniversity(university))
        {
            return (null, new("graduateId", "graduate.out_of_scope", "只能登记本校毕业生的就业去向"));
        }

        Domain.Vacancy? post = null;
        if (record.VacancyId is { } vacancyId)
        {
            if (!lookups.Posts.TryGetValue(vacancyId, out post))
            {
                post = lookups.Posts[vacancyId] = await vacancies.GetAsync(vacancyId, cancellationToken);
            }

            if (post is null)
            {
                return (null, new("vacancyId", "vacancy.not_found", $"未找到岗位“{vacancyId}”"));
            }
        }

        var district = record.District ?? post?.District;
        if (caller.Kind == OrganisationKind.District && !string.Equals(district, caller.Tenant, StringComparison.Ordinal))
        {
            return (null, new("district", "district.out_of_scope", district is null ? "工作地点不能为空：旗县区只能登记本旗县区的就业去向" : "只能登记本旗县区的就业去向"));
        }

        if (!lookups.Graduates.TryGetValue(graduateId, out var profile))
        {
            profile = lookups.Graduates[graduateId] = record.Residency is null ? await graduates.GetAsync(graduateId, cancellationToken) : null;
        }

        if (!lookups.Universities.TryGetValue(university, out var registered))
        {
            registered = lookups.Universities[university] = await organisations.GetOrganisationAsync(OrganisationKind.University, university, cancellationToken) is not null;
        }

        return (record with
        {
            GraduateId = graduateId,
            District = district,
            Cluster = record.Cluster ?? post?.Cluster,
            University = university,
            StudiedInHohhot = record.StudiedInHohhot ?? registered,
            Residency = record.Residency ?? profile?.Residency,
            RecordedBy = $"{caller.OrganisationId}:{how}",
            RecordedAt = time.GetUtcNow(),
        }, null);
    }

    /// <summary>The body, refused as soon as it passes <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]> ReadWithinAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[64 * 1024];
        for (var read = await body.ReadAsync(buffer, cancellationToken); read > 0; read = await body.ReadAsync(buffer, cancellationToken))
        {
            if (copy.Length + read > limit)
            {
                throw FileProblems.TooLarge(copy.Length + read, limit);
            }

            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }
}
