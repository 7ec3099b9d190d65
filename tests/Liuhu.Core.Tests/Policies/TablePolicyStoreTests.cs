using System.Text.Json;
using Liuhu.Core.Access;
using Liuhu.Core.Policies;
using Liuhu.Core.Problems;
using Liuhu.Core.Tests.Ingestion;
using Liuhu.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Core.Tests.Policies;

[Collection(AzuriteCollection.Name)]
public class TablePolicyStoreTests(AzuriteFixture azurite)
{
    private static readonly Caller Bureau = new("bureau-hrss", OrganisationKind.Bureau, "hrss", "c1");

    private static JsonElement Body(string name, string amount) => JsonDocument.Parse($$"""
        { "name": "{{name}}", "issuingUnit": "市人社局", "legalBasis": "示例", "beneficiary": "employer",
          "benefit": { "summary": "补贴", "amountText": "{{amount}}" } }
        """).RootElement;

    [Fact]
    public async Task Seed_Twice_AddsOnceAndKeepsTheBureausVersion()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var seeder = services.GetRequiredService<PolicySeeder>();
        var service = services.GetRequiredService<PolicyService>();
        await seeder.SeedAsync(CancellationToken.None);
        await service.ReviseAsync(Bureau, "youth-internship", JsonDocument.Parse("""
            { "name": "青年见习计划", "issuingUnit": "市人社局", "legalBasis": "呼政发〔2024〕1号 第15条",
              "conditions": [ { "fact": "job.postKind", "op": "in", "values": ["internship"] } ],
              "benefit": { "summary": "见习补贴", "amountText": "每人每月（示例）" } }
            """).RootElement, CancellationToken.None);

        Assert.Equal(0, await seeder.SeedAsync(CancellationToken.None));
        var list = await service.ListAsync(CancellationToken.None);
        Assert.Equal(PolicySeeder.Read().Count, list.Count(p => PolicySeeder.Read().Any(s => s.PolicyId == p.PolicyId)));
        var internship = list.Single(p => p.PolicyId == "youth-internship");
        Assert.Equal(2, internship.Version);
        Assert.Equal("每人每月（示例）", internship.Benefit.AmountText);
        Assert.Equal("bureau:bureau-hrss", internship.Source);
    }

    [Fact]
    public async Task CreateReviseRetire_KeepsEveryVersionAndHidesTheRetired()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var service = services.GetRequiredService<PolicyService>();
        var id = "test-" + Guid.NewGuid().ToString("N")[..10];
        var body = JsonDocument.Parse($$"""{ "policyId": "{{id}}", "name": "甲", "issuingUnit": "市人社局", "legalBasis": "示例", "benefit": { "summary": "补贴" } }""").RootElement;
        var created = await service.CreateAsync(Bureau, body, CancellationToken.None);
        Assert.Equal(1, created.Version);
        Assert.Equal(409, (await Assert.ThrowsAsync<ProblemException>(() => service.CreateAsync(Bureau, body, CancellationToken.None))).Problem.Status);

        var revised = await service.ReviseAsync(Bureau, id, Body("乙", "500元"), CancellationToken.None);
        Assert.Equal(2, revised.Version);
        Assert.Equal("乙", (await service.ListAsync(CancellationToken.None)).Single(p => p.PolicyId == id).Name);

        var retired = await service.RetireAsync(Bureau, id, CancellationToken.None);
        Assert.Equal(PolicyStatus.Retired, retired.Status);
        Assert.DoesNotContain(await service.ListAsync(CancellationToken.None), p => p.PolicyId == id);
        var history = await service.HistoryAsync(id, CancellationToken.None);
        Assert.Equal([1, 2, 3], history.Select(v => v.Version));
        Assert.Equal(["甲", "乙", "乙"], history.Select(v => v.Name));
    }

    [Fact]
    public async Task Revise_UnknownPolicy_404()
    {
        await using var services = await StorageTestHost.StartAsync(azurite);
        var problem = await Assert.ThrowsAsync<ProblemException>(() => services.GetRequiredService<PolicyService>().ReviseAsync(Bureau, "no-such-policy-x", Body("甲", "1"), CancellationToken.None));
        Assert.Equal(404, problem.Problem.Status);
    }
}
