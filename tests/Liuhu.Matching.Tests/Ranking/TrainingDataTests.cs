using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;

namespace Liuhu.Matching.Tests.Ranking;

public class TrainingDataTests
{
    private static readonly DateTimeOffset T0 = Samples.Now.AddDays(-30);

    private static GraduateProfile Graduate(string id) => Samples.Graduate() with { GraduateId = id };

    private static TrainingSet Build(IEnumerable<Outcome> outcomes, PostProfile post, params string[] graduates) =>
        TrainingData.Build(outcomes, graduates.ToDictionary(g => g, Graduate), new Dictionary<string, PostProfile> { [post.Vacancy.VacancyId] = post }, Samples.Now, negativesPerGraduate: 0);

    [Fact]
    public void Build_GraduateAppliedThenInterviewed_LabelledByTheGraduatesOwnChoice()
    {
        var post = new PostProfile(Samples.Post(headcount: 1) with { FirstSeenAt = T0.AddDays(-1) }, MajorCatalog.Default);
        var id = post.Vacancy.VacancyId;
        var set = Build(
        [
            new Outcome("G1", id, OutcomeEvent.Shown, T0),
            new Outcome("G1", id, OutcomeEvent.Applied, T0.AddHours(1)),
            new Outcome("G1", id, OutcomeEvent.Interviewed, T0.AddDays(2)),
            new Outcome("G1", id, OutcomeEvent.Rejected, T0.AddDays(3)),
            new Outcome("G2", id, OutcomeEvent.Shown, T0.AddDays(20)), // held out: the later arrival of the two
        ], post, "G1", "G2");

        var pair = set.Training.Single(p => p.GraduateId == "G1");
        Assert.Equal(1, pair.Label); // applied; the interview was the employer's decision, and a later rejection does not take it back
        Assert.Equal(0, pair.Features[PairFeatures.ApplicationsPerOpening]); // the only application is its own
    }

    [Theory]
    [InlineData(OutcomeEvent.Shown, 0)]
    [InlineData(OutcomeEvent.Applied, 1)]
    [InlineData(OutcomeEvent.Interviewed, 1)]
    [InlineData(OutcomeEvent.Offered, 1)]
    [InlineData(OutcomeEvent.Hired, 2)]
    public void GraduateLabel_FurthestStep_OnlyTheGraduatesChoicesGrade(OutcomeEvent furthest, float label) =>
        Assert.Equal(label, TrainingData.GraduateLabel(Outcome.Label(furthest)));

    [Fact]
    public void Build_HiredAndOffered_HireOutranksAnOfferTheGraduateDidNotTake()
    {
        var post = new PostProfile(Samples.Post(headcount: 2) with { FirstSeenAt = T0.AddDays(-1) }, MajorCatalog.Default);
        var id = post.Vacancy.VacancyId;
        var set = Build(
        [
            new("G1", id, OutcomeEvent.Applied, T0), new("G1", id, OutcomeEvent.Offered, T0.AddDays(2)), new("G1", id, OutcomeEvent.Declined, T0.AddDays(3)),
            new("G2", id, OutcomeEvent.Applied, T0), new("G2", id, OutcomeEvent.Offered, T0.AddDays(2)), new("G2", id, OutcomeEvent.Hired, T0.AddDays(3)),
            new("G3", id, OutcomeEvent.Shown, T0.AddDays(20)),
        ], post, "G1", "G2", "G3");
        Assert.Equal([1f, 2f], set.Training.OrderBy(p => p.GraduateId).Select(p => p.Label));
        Assert.Equal([2f, 3f], set.EmployerTraining.OrderBy(p => p.GraduateId).Select(p => p.Label)); // the employer side still grades its own steps
    }

    [Fact]
    public void Build_ApplicationsAfterThePairWasShown_NotSeenByItsFeatures()
    {
        // G1 was shown the post on day 0 and applied. Then, after G1 had been shown it, G2 and G3 applied and G3 was
        // hired, filling it. Counted at training time, those would tell the model that G1's post was popular and
        // full — facts that did not exist when G1 chose, and that come with G1's own success.
        var post = new PostProfile(Samples.Post(headcount: 1) with { FirstSeenAt = T0.AddDays(-10) }, MajorCatalog.Default);
        var id = post.Vacancy.VacancyId;
        var outcomes = new List<Outcome>
        {
            new("G0", id, OutcomeEvent.Shown, T0.AddDays(-2)),
            new("G0", id, OutcomeEvent.Applied, T0.AddDays(-2).AddHours(1)), // before: counts
            new("G1", id, OutcomeEvent.Shown, T0),
            new("G1", id, OutcomeEvent.Applied, T0.AddHours(1)),
            new("G2", id, OutcomeEvent.Shown, T0.AddDays(1)),
            new("G2", id, OutcomeEvent.Applied, T0.AddDays(1)),
            new("G3", id, OutcomeEvent.Shown, T0.AddDays(2)),
            new("G3", id, OutcomeEvent.Hired, T0.AddDays(2)),
            new("G4", id, OutcomeEvent.Shown, T0.AddDays(25)),
        };

        var set = Build(outcomes, post, "G0", "G1", "G2", "G3", "G4");
        var g1 = set.Training.Single(p => p.GraduateId == "G1");
        Assert.Equal(MathF.Log(2), g1.Features[PairFeatures.ApplicationsPerOpening], 5); // G0's one application, one opening
        Assert.Equal(MathF.Log(2), g1.Features[PairFeatures.RemainingOpenings], 5);      // not yet filled by G3
        Assert.Equal(g1.ShownAt, T0);
        Assert.Equal(MathF.Exp(-10 / 30f), g1.Features[PairFeatures.Freshness], 4);       // ten days old then, not forty

        // What serving knows now, by contrast, includes all of it.
        var now = set.Timeline.StatsAt(post, Samples.Now);
        Assert.Equal((4, 1), (now.Applications, now.Hires));
    }

    [Fact]
    public void Build_SplitByTime_LaterGraduatesHeldOutAndNotTrainedOn()
    {
        var post = new PostProfile(Samples.Post() with { FirstSeenAt = T0.AddDays(-10) }, MajorCatalog.Default);
        var id = post.Vacancy.VacancyId;
        var graduates = Enumerable.Range(0, 10).Select(i => $"G{i}").ToArray();
        var outcomes = graduates.Select((g, i) => new Outcome(g, id, OutcomeEvent.Applied, T0.AddDays(i))).ToList();
        var set = Build(outcomes, post, graduates);

        Assert.Equal(graduates.Take(8), set.Training.Select(p => p.GraduateId).Order());
        Assert.Equal(["G8", "G9"], set.HeldOut.Select(h => h.Seeker.GraduateId).Order());
        Assert.Equal(T0.AddDays(8), set.Cutoff);
        Assert.Contains("outcomes=10", set.Snapshot, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_PositionKnown_PositiveWeightedByInversePropensity()
    {
        var post = new PostProfile(Samples.Post() with { FirstSeenAt = T0.AddDays(-10) }, MajorCatalog.Default);
        var id = post.Vacancy.VacancyId;
        var outcomes = new[] { new Outcome("G1", id, OutcomeEvent.Applied, T0), new Outcome("G2", id, OutcomeEvent.Shown, T0.AddDays(1)), new Outcome("G3", id, OutcomeEvent.Shown, T0.AddDays(9)) };
        var set = TrainingData.Build(outcomes, new[] { "G1", "G2", "G3" }.ToDictionary(g => g, Graduate), new Dictionary<string, PostProfile> { [id] = post }, Samples.Now,
            positions: new Dictionary<(string, string), int> { [("G1", id)] = 9, [("G2", id)] = 9 }, heldOutShare: 0.34, negativesPerGraduate: 0);
        Assert.Equal((float)Math.Pow(9, TrainingData.PositionBiasExponent), set.Training.Single(p => p.GraduateId == "G1").Weight, 4);
        Assert.Equal(1, set.Training.Single(p => p.GraduateId == "G2").Weight); // not applied: no correction
    }

    [Fact]
    public void Build_EmployerSide_GroupedByPostLabelledByEmployerDecision()
    {
        var post = new PostProfile(Samples.Post() with { FirstSeenAt = T0.AddDays(-10) }, MajorCatalog.Default);
        var id = post.Vacancy.VacancyId;
        var set = Build(
        [
            new("G1", id, OutcomeEvent.Applied, T0), new("G1", id, OutcomeEvent.Rejected, T0.AddDays(1)),
            new("G2", id, OutcomeEvent.Applied, T0), new("G2", id, OutcomeEvent.Interviewed, T0.AddDays(1)), new("G2", id, OutcomeEvent.Offered, T0.AddDays(2)),
            new("G3", id, OutcomeEvent.Shown, T0.AddDays(20)),
        ], post, "G1", "G2", "G3");
        Assert.Equal([0f, 2f], set.EmployerTraining.OrderBy(p => p.GraduateId).Select(p => p.Label));
        Assert.Single(set.EmployerTraining.Select(p => p.GroupId).Distinct());
        Assert.All(set.EmployerTraining, p => Assert.Same(CandidateFeatures.Schema, p.Features.Schema));
    }

    [Fact]
    public void Build_ProfileChangedAfterThePairWasShown_PairSeesTheProfileAsItWas()
    {
        // G1 was shown the post on T0 as an external graduate expecting 6,000; five days later (after applying, and
        // perhaps because of it) they changed the profile to a Hohhot hukou expecting 12,000. The pair must see the
        // profile that was in force when the post was shown, not the one stored now.
        var post = new PostProfile(Samples.Post() with { FirstSeenAt = T0.AddDays(-10) }, MajorCatalog.Default);
        var id = post.Vacancy.VacancyId;
        var before = Graduate("G1") with { ExpectedSalary = 6_000, Residency = Residency.External, UpdatedAt = T0.AddDays(-20) };
        var now = before with { ExpectedSalary = 12_000, Residency = Residency.HohhotHukou, UpdatedAt = T0.AddDays(5) };
        var history = new ProfileHistory(new Dictionary<string, IReadOnlyList<ProfileVersion>> { ["G1"] = [ProfileVersion.Of(before), ProfileVersion.Of(now)] });
        Outcome[] outcomes = [new("G1", id, OutcomeEvent.Shown, T0), new("G1", id, OutcomeEvent.Applied, T0.AddHours(1)), new("G2", id, OutcomeEvent.Shown, T0.AddDays(20))];
        var graduates = new Dictionary<string, GraduateProfile> { ["G1"] = now, ["G2"] = Graduate("G2") };
        var posts = new Dictionary<string, PostProfile> { [id] = post };

        var asItWas = TrainingData.Build(outcomes, graduates, posts, Samples.Now, negativesPerGraduate: 0, history: history).Training.Single(p => p.GraduateId == "G1");
        var asStoredNow = TrainingData.Build(outcomes, graduates, posts, Samples.Now, negativesPerGraduate: 0).Training.Single(p => p.GraduateId == "G1");

        var then = PairFeatures.Evaluate(new SeekerProfile(before, MajorCatalog.Default), post, T0, new PostStats()).Features;
        Assert.Equal(then[PairFeatures.ExpectedPay], asItWas.Features[PairFeatures.ExpectedPay]);
        Assert.Equal(1, asItWas.Features[PairFeatures.SeekerExternal]);
        Assert.NotEqual(asItWas.Features[PairFeatures.ExpectedPay], asStoredNow.Features[PairFeatures.ExpectedPay]); // what the leak would have been
        Assert.Equal(0, asStoredNow.Features[PairFeatures.SeekerExternal]);
    }

    [Fact]
    public void Build_ErasedGraduate_DropsOut()
    {
        var post = new PostProfile(Samples.Post(), MajorCatalog.Default);
        var set = TrainingData.Build([new Outcome("gone", post.Vacancy.VacancyId, OutcomeEvent.Hired, Samples.Now)],
            new Dictionary<string, GraduateProfile>(), new Dictionary<string, PostProfile> { [post.Vacancy.VacancyId] = post }, Samples.Now);
        Assert.Empty(set.Training);
        Assert.Empty(set.HeldOut);
    }
}
