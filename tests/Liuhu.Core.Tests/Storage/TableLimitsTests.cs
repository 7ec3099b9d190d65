using Azure.Data.Tables;
using Liuhu.Core.Storage;

namespace Liuhu.Core.Tests.Storage;

public class TableLimitsTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    public void EnsureWithinLimits_ForbiddenKeyCharacter_Throws(string key) =>
        Assert.Throws<TableLimitException>(() => TableLimits.EnsureWithinLimits(new TableEntity("p", key)));

    [Fact]
    public void EnsureWithinLimits_StringOver64KiB_Throws() =>
        Assert.Throws<TableLimitException>(() => TableLimits.EnsureWithinLimits(new TableEntity("p", "r") { ["Text"] = new string('字', 33_000) }));

    [Fact]
    public void EnsureWithinLimits_Over252Properties_Throws()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 253; i++)
        {
            entity["P" + i] = i;
        }

        Assert.Throws<TableLimitException>(() => TableLimits.EnsureWithinLimits(entity));
    }

    [Fact]
    public void EnsureWithinLimits_EntityOver1MiB_Throws()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 20; i++)
        {
            entity["P" + i] = new string('x', 30_000);
        }

        Assert.Throws<TableLimitException>(() => TableLimits.EnsureWithinLimits(entity));
    }

    [Fact]
    public void Chunk_250ActionsInTwoPartitions_BatchesOfAtMost100PerPartition()
    {
        var actions = Enumerable.Range(0, 250).Select(i =>
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(i % 2 == 0 ? "a" : "b", "r" + i)));
        var batches = TableBatchWriter.Chunk(actions);
        Assert.All(batches, b => Assert.Single(b.Select(a => a.Entity.PartitionKey).Distinct()));
        Assert.All(batches, b => Assert.True(b.Count <= 100));
        Assert.Equal(250, batches.Sum(b => b.Count));
        Assert.Equal(4, batches.Count);
    }

    [Fact]
    public void Chunk_SameRowTwice_RefusedBeforeStorageSeesIt() =>
        Assert.Throws<ArgumentException>(() => TableBatchWriter.Chunk([
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", "r")),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", "r")),
        ]));
}
