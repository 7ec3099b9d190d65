using Liuhu.Core.Catalogues;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Core.Programme;

namespace Liuhu.Core.Tests.Programme;

/// <summary>The counting rules on their own: no storage, the inputs as progress reads them.</summary>
public class ProgressCountTests
{
    private const string Hohhot = "4115010126";
    private const string Elsewhere = "4111010001";
    private static readonly ProgrammeOptions Options = new() { Year = 2024 };
    private static readonly DateTimeOffset AsOf = new(2024, 7, 1, 0, 0, 0, TimeSpan.Zero);

    private static EmploymentRecord Record(string graduateId, string route, int month, int day, string? district = null, string? cluster = null,
        Residency? residency = null, bool? studiedInHohhot = null, string? vacancyId = null) =>
        new()
        {
            GraduateId = graduateId, Route = route, EmployedOn = new DateOnly(2024, month, day), District = district, Cluster = cluster,
            Residency = residency, StudiedInHohhot = studiedInHohhot, VacancyId = vacancyId,
        };

    private static ProgressInputs Inputs(IReadOnlyList<EmploymentRecord> records, IReadOnlyList<Outcome>? hires = null, IReadOnlyList<Vacancy>? posts = null,
        IReadOnlyDictionary<string, GraduateFacts>? graduates = null, IReadOnlyList<ActivityFigure>? figures = null, IReadOnlyList<FairActivity>? fairs = null) =>
        new(hires ?? [], records, (posts ?? []).ToDictionary(p => p.VacancyId), graduates ?? new Dictionary<string, GraduateFacts>(),
            new Dictionary<string, string> { [Hohhot] = "内蒙古大学" }, figures ?? [], fairs ?? []);

    [Fact]
    public void Compute_SameGraduateSeveralRoutes_CountedOnceByEarliestDateThenRouteOrder()
    {
        var records = new[]
        {
            Record($"{Hohhot}-1", EmploymentRoutes.Flexible, 3, 1),
            Record($"{Hohhot}-1", EmploymentRoutes.Signed, 5, 1),
            Record($"{Hohhot}-2", EmploymentRoutes.WesternVolunteer, 4, 2),
            Record($"{Hohhot}-2", EmploymentRoutes.SanzhiYifu, 4, 2),
        };

        var forward = ProgressCount.Compute(Inputs(records), Options, AsOf, null);
        var backward = ProgressCount.Compute(Inputs([.. records.Reverse()]), Options, AsOf, null);

        Assert.Equal(2, forward.Hired);
        Assert.Equal(1, forward.ByRoute.Single(r => r.Code == EmploymentRoutes.Flexible).Count);
        Assert.Equal(1, forward.ByRoute.Single(r => r.Code == EmploymentRoutes.SanzhiYifu).Count);
        Assert.Equal(0, forward.ByRoute.Single(r => r.Code == EmploymentRoutes.Signed).Count);
        Assert.Equal(forward.ByRoute, backward.ByRoute);
        Assert.Equal(["2024-03", "2024-04"], forward.ByMonth.Select(m => m.Name));
    }

    [Fact]
    public void Compute_HireThroughPostAndRecordSameDay_HireCountsByThePostsKind()
    {
        var post = new Vacancy { VacancyId = "915001000000000000-PJ1", EmployerCreditCode = "915001000000000000", EmployerName = "见习基地", Title = "见习生", Headcount = 2, LedgerId = "L1", PostKind = PostKind.Internship, District = "saihan", Cluster = "services" };
        var hire = new Outcome($"{Hohhot}-7", post.VacancyId, OutcomeEvent.Hired, new DateTimeOffset(2024, 6, 1, 9, 0, 0, Period.Beijing));

        var progress = ProgressCount.Compute(Inputs([Record($"{Hohhot}-7", EmploymentRoutes.Flexible, 6, 1)], [hire], [post]), Options, AsOf, null);

        Assert.Equal(1, progress.Hired);
        Assert.Equal(1, progress.ByRoute.Single(r => r.Code == EmploymentRoutes.Traineeship).Count);
        Assert.Equal("赛罕区", progress.ByDistrict.Single().Name);
        Assert.Equal(1, progress.Targets.Single(t => t.Code == "services").Achieved);
    }

    [Fact]
    public void Compute_OutsideProgrammeYearOrAfterTheMonth_NotCounted()
    {
        var records = new[]
        {
            Record($"{Hohhot}-1", EmploymentRoutes.Signed, 3, 31),
            Record($"{Hohhot}-2", EmploymentRoutes.Signed, 4, 1),
            Record($"{Hohhot}-3", EmploymentRoutes.Signed, 1, 1) with { EmployedOn = new DateOnly(2023, 12, 31) },
        };

        Assert.Equal(2, ProgressCount.Compute(Inputs(records), Options, AsOf, null).Hired);
        var march = ProgressCount.Compute(Inputs(records), Options, AsOf, new Period(2024, 3));
        Assert.Equal(1, march.Hired);
        Assert.Equal("2024-03", march.Month);
    }

    [Theory]
    [InlineData(Hohhot, null, null, Origin.Stay)]
    [InlineData(Hohhot, Residency.External, null, Origin.Stay)]
    [InlineData(Elsewhere, Residency.HohhotHukou, null, Origin.Return)]
    [InlineData(Elsewhere, Residency.HohhotResident, null, Origin.Return)]
    [InlineData(Elsewhere, Residency.External, null, Origin.Come)]
    [InlineData(Elsewhere, null, null, Origin.Unknown)]
    [InlineData(Hohhot, Residency.External, false, Origin.Come)]
    [InlineData(Elsewhere, Residency.External, true, Origin.Stay)]
    public void Compute_Origin_FromUniversityLocationThenResidency(string university, Residency? residency, bool? studiedInHohhot, Origin expected)
    {
        var progress = ProgressCount.Compute(Inputs([Record($"{university}-9", EmploymentRoutes.Signed, 5, 5, residency: residency, studiedInHohhot: studiedInHohhot)]), Options, AsOf, null);

        Assert.Equal(1, progress.ByOrigin.Single(o => o.Code == expected).Count);
    }

    [Fact]
    public void Compute_ResidencyFromProfileWhenTheRecordHasNone()
    {
        var graduates = new Dictionary<string, GraduateFacts> { [$"{Elsewhere}-4"] = new(Residency.HohhotHukou, LeftSchoolUnemployed: true, "外校") };

        var progress = ProgressCount.Compute(Inputs([Record($"{Elsewhere}-4", EmploymentRoutes.StartUp, 5, 5)], graduates: graduates), Options, AsOf, null);

        Assert.Equal(1, progress.ByOrigin.Single(o => o.Code == Origin.Return).Count);
        Assert.Equal(1.0, progress.LeftSchoolUnemployedRate);
    }

    [Fact]
    public void Compute_FairIndicators_EachOrganiserTheLargerOfEnteredAndRecorded()
    {
        var figures = new[]
        {
            new ActivityFigure("district_fairs", "wuchuan", "2024-03", 2, null, "district-wuchuan", AsOf),
            new ActivityFigure("district_fairs", "wuchuan", "2024-04", 3, null, "district-wuchuan", AsOf),
            new ActivityFigure("district_fairs", "saihan", "2024-04", 4, null, "district-saihan", AsOf),
            new ActivityFigure("city_fairs", ActivityFigure.City, "2024-04", 5, null, "bureau", AsOf),
            new ActivityFigure("trainees", ActivityFigure.City, "2023-12", 900, null, "bureau", AsOf),
        };
        FairActivity[] fairs = [new("wuchuan", 7, 30, 4), new("saihan", 1, 3, 0), new(null, 2, 10, 1)];

        var progress = ProgressCount.Compute(Inputs([], figures: figures, fairs: fairs), Options, AsOf, null);
        var march = ProgressCount.Compute(Inputs([], figures: figures), Options, AsOf, new Period(2024, 3));

        var district = progress.Activities.Single(a => a.Code == "district_fairs");
        Assert.Equal(7 + 4, district.Achieved);
        Assert.Equal(70, district.Target);
        Assert.Equal(5, progress.Activities.Single(a => a.Code == "city_fairs").Achieved);
        Assert.Equal(0, progress.Activities.Single(a => a.Code == "trainees").Achieved);
        Assert.Equal(2, march.Activities.Single(a => a.Code == "district_fairs").Achieved);
        Assert.Equal(fairs, progress.Fairs);
    }
}
