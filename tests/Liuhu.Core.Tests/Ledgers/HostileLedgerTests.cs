using Liuhu.Core.Ledgers;
using Liuhu.Core.Problems;
using Liuhu.Core.Tests.Ledgers.Hostile;

namespace Liuhu.Core.Tests.Ledgers;

/// <summary>The hostile corpus, each file read with the default limits: refused with its own problem code, or
/// read within the bounds, and never any other exception.</summary>
public class HostileLedgerTests
{
    private static readonly LedgerLimits Limits = new();

    public static TheoryData<string> Cases => [.. HostileLedgers.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_HostileFile_RefusedWithItsCodeOrReadWithinBounds(string name)
    {
        var hostile = HostileLedgers.All.Single(c => c.Name == name);
        var content = hostile.Make();
        Assert.True(content.Length <= Limits.MaxUploadBytes, $"{name} is {content.Length} bytes, over the upload limit it is meant to pass");

        if (hostile.ExpectedCode is null)
        {
            BoundsAssert.Within(LedgerReader.Read(content, Limits), Limits);
        }
        else
        {
            var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(content, Limits));
            Assert.Equal(hostile.ExpectedCode, ex.Problem.Code);
            Assert.InRange(ex.Problem.Status, 400, 499);
            if (ex.Problem.Code is not ("file.corrupt" or "file.xml_token_too_large"))
            {
                // A bound's problem names the option and its value, in both languages.
                Assert.Matches(@"Max\w+ = \d+", ex.Problem.Title);
                Assert.Matches(@"Max\w+ = \d+", ex.Problem.Detail);
            }
        }
    }

    [Fact]
    public void Read_MillionEmptyRows_OnlyRowsWithTextKeptWithExcelNumbers()
    {
        var content = HostileLedgers.All.Single(c => c.Name == "xlsx-million-empty-rows").Make();

        var table = LedgerReader.Read(content, Limits);

        Assert.Equal([1, 2], table.Rows.Select(r => r.Number));
        Assert.Equal("运维", table.Rows[1].Cells[1]);
    }

    [Fact]
    public void Read_TenThousandCharacterCells_EveryCellKeptWhole()
    {
        var content = HostileLedgers.All.Single(c => c.Name == "csv-10000-char-cell-per-field").Make();

        var table = LedgerReader.Read(content, Limits);

        Assert.Equal(100, table.Rows.Count);
        Assert.All(table.Rows, r => Assert.All(r.Cells, c => Assert.Equal(10_000, c.Length)));
    }

    [Fact]
    public void Read_MergedCellStorm_DataReadMergesIgnored()
    {
        var content = HostileLedgers.All.Single(c => c.Name == "xlsx-merged-cell-storm").Make();

        var table = LedgerReader.Read(content, Limits);

        Assert.Equal(["企业名称", "示范"], table.Rows.Select(r => r.Cells[0]));
    }

    [Fact]
    public void Problem_TooManyColumns_NamesBoundAndValueInBothLanguages()
    {
        var content = HostileLedgers.All.Single(c => c.Name == "xlsx-far-column-references").Make();

        var ex = Assert.Throws<ProblemException>(() => LedgerReader.Read(content, Limits));

        Assert.Equal(413, ex.Problem.Status);
        Assert.Contains("MaxColumns = 256", ex.Problem.Title, StringComparison.Ordinal);
        Assert.Contains("MaxColumns = 256", ex.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains("第 1 行", ex.Problem.Title, StringComparison.Ordinal);
    }
}
