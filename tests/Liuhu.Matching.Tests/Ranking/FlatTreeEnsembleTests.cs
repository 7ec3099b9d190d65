using Liuhu.Core.Domain;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Liuhu.Ml.Cli;

namespace Liuhu.Matching.Tests.Ranking;

/// <summary>The flat-array walk gives ML.NET's own scores and contributions (its <c>Transform</c> and feature
/// contribution transform) for every model the trainer produces: the graduate-side ranker, the employer-side
/// ranker and the reference over raw attributes, trained, and loaded back from the saved model file.</summary>
public class FlatTreeEnsembleTests
{
    private const double Tolerance = 1e-5;

    private static readonly Lazy<Fixture> Shared = new(Fixture.Build);

    private sealed record Fixture(TrainingSet Set, List<PostProfile> Posts, List<SeekerProfile> Seekers, RankingModel Graduate, RankingModel Employer, RankingModel Raw)
    {
        public static Fixture Build()
        {
            var simulator = new MarketSimulator(21);
            var market = simulator.Generate(400, 900, Samples.Now);
            var snapshot = VacancyIndexSnapshot.Build(market.Vacancies, Samples.Now);
            var outcomes = simulator.Outcomes(market, snapshot, Samples.Now);
            var posts = snapshot.Index.Posts.ToDictionary(p => p.Vacancy.VacancyId, StringComparer.Ordinal);
            var set = TrainingData.Build(outcomes, market.Graduates.ToDictionary(g => g.GraduateId), posts, Samples.Now, simulator.Positions);
            var seekers = market.Graduates.Select(g => new SeekerProfile(g, MajorCatalog.Default)).ToList();
            var byId = seekers.ToDictionary(s => s.GraduateId, StringComparer.Ordinal);
            var raw = set.Training.Select(p => new RankingRow
            {
                GroupId = p.GroupId, Label = p.Label, Weight = p.Weight,
                Features = RawFeatures.Evaluate(byId[p.GraduateId], posts[p.VacancyId], p.ShownAt, set.Timeline.StatsAt(posts[p.VacancyId], p.ShownAt)).Values,
            }).ToList();
            return new Fixture(set, [.. posts.Values], seekers,
                RankingModel.Train(TrainingData.Rows(set.Training), PairFeatures.Schema, trees: 60),
                RankingModel.Train(TrainingData.Rows(set.EmployerTraining), CandidateFeatures.Schema, "employer", trees: 60),
                RankingModel.Train(raw, RawFeatures.Schema, "raw", trees: 60));
        }

        /// <summary>About 3,000 pairs of the given side, every graduate against a stride of posts.</summary>
        public List<FeatureVector> Rows(FeatureSchema schema)
        {
            var rows = new List<FeatureVector>();
            for (var g = 0; g < 300; g++)
            {
                var seeker = Seekers[g * Seekers.Count / 300];
                for (var k = 0; k < 10; k++)
                {
                    var post = Posts[((g * 37) + (k * 41)) % Posts.Count];
                    rows.Add(ReferenceEquals(schema, PairFeatures.Schema) ? PairFeatures.Evaluate(seeker, post, Samples.Now).Features
                        : ReferenceEquals(schema, CandidateFeatures.Schema) ? CandidateFeatures.Evaluate(seeker, post).Features
                        : RawFeatures.Evaluate(seeker, post, Samples.Now, post.Live));
                }
            }

            return rows;
        }
    }

    public static TheoryData<string> Kinds => ["graduate", "employer", "raw"];

    private static RankingModel Model(string kind) => kind switch
    {
        "graduate" => Shared.Value.Graduate,
        "employer" => Shared.Value.Employer,
        _ => Shared.Value.Raw,
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Score_EveryModelKind_EqualsTransformOnThousandsOfPairs(string kind)
    {
        var model = Model(kind);
        var rows = Shared.Value.Rows(model.Schema);

        Assert.NotNull(model.Flat);
        var flat = model.Score(rows);
        var reference = model.TransformScores(rows);

        Assert.True(rows.Count >= 3_000);
        Assert.True(reference.Distinct().Count() > 50, $"the rows must exercise many leaves: {reference.Distinct().Count()} distinct scores");
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(reference[i], flat[i], Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Score_ModelLoadedFromItsFile_EqualsTransform(string kind)
    {
        var trained = Model(kind);
        using var file = new MemoryStream();
        trained.Save(file);
        file.Position = 0;
        var loaded = RankingModel.Load(file, trained.Schema, "loaded");
        var rows = Shared.Value.Rows(trained.Schema).Take(1_000).ToList();

        var flat = loaded.Score(rows);
        var reference = trained.TransformScores(rows);

        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(reference[i], flat[i], Tolerance);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Contributions_EveryModelKind_EqualFeatureContributionTransform(string kind)
    {
        var model = Model(kind);
        var rows = Shared.Value.Rows(model.Schema).Take(1_500).ToList();

        var flat = model.Contributions(rows);
        var reference = model.TransformContributions(rows);

        Assert.Contains(reference, r => r.Any(v => v > 0));
        Assert.Contains(reference, r => r.Any(v => v < 0));
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(model.Schema.Count, flat[i].Length);
            for (var f = 0; f < model.Schema.Count; f++)
            {
                Assert.Equal(reference[i][f], flat[i][f], Tolerance);
            }
        }
    }

    /// <summary>The whole served path: features written over precomputed parts (not the reference evaluation),
    /// then the flat trees, against ML.NET's <c>Transform</c> of the reference features of the same pairs.</summary>
    [Fact]
    public void Rank_ServedFeaturesAndFlatTrees_EqualTransformOfReferenceFeatures()
    {
        var model = Shared.Value.Graduate;
        var posts = Shared.Value.Posts;
        var served = new List<float>();
        var rows = new List<FeatureVector>();
        for (var g = 0; g < 300; g++)
        {
            var seeker = Shared.Value.Seekers[g * Shared.Value.Seekers.Count / 300];
            var candidates = Enumerable.Range(0, 25).Select(k => posts[((g * 29) + (k * 43)) % posts.Count]).DistinctBy(p => p.Vacancy.VacancyId).ToList();
            foreach (var ranked in Liuhu.Matching.Serving.Ranker.Rank(seeker, candidates, model, Samples.Now))
            {
                served.Add(ranked.Score);
                rows.Add(PairFeatures.Evaluate(seeker, ranked.Post, Samples.Now).Features);
            }
        }

        var reference = model.TransformScores(rows);

        Assert.True(rows.Count >= 3_000, $"{rows.Count} pairs");
        Assert.True(reference.Distinct().Count() > 50);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(reference[i], served[i], Tolerance);
        }
    }

    /// <summary>Regrouping the trees by what they read (<see cref="TreeSides"/>) sums the same leaves: for the
    /// served classification and for one forced from the first trees' own splits (so that every group has trees
    /// whatever the trainer learnt), the three partial sums give the full walk's score and ML.NET's.</summary>
    [Fact]
    public void Sides_ServedAndForcedClassifications_RegroupedScoreEqualsWalkAndTransform()
    {
        var model = Shared.Value.Graduate;
        var flat = model.Flat!;
        var rows = Shared.Value.Rows(model.Schema).Take(1_000).ToList();
        var reference = model.TransformScores(rows);
        var first = flat.SplitFeatures(0).ToHashSet();
        var second = flat.SplitFeatures(1).Except(first).ToHashSet();
        (IReadOnlySet<int> Item, IReadOnlySet<int> Query)[] classifications = [(PairFeatures.PostOnly, PairFeatures.SeekerOnly), (first, second)];

        foreach (var (item, query) in classifications)
        {
            var sides = flat.Sides(item, query);
            Assert.Equal(flat.TreeCount, sides.ItemTrees.TreeCount + sides.QueryTrees.TreeCount + sides.PairTrees.TreeCount);
            Assert.All(Enumerable.Range(0, sides.ItemTrees.TreeCount), t => Assert.Subset(item.ToHashSet(), sides.ItemTrees.SplitFeatures(t).ToHashSet()));
            Assert.All(Enumerable.Range(0, sides.QueryTrees.TreeCount), t => Assert.Subset(query.ToHashSet(), sides.QueryTrees.SplitFeatures(t).ToHashSet()));
            Assert.All(Enumerable.Range(0, sides.PairTrees.TreeCount), t =>
            {
                var split = sides.PairTrees.SplitFeatures(t);
                Assert.False(split.IsSubsetOf(item) || split.IsSubsetOf(query));
            });
            for (var i = 0; i < rows.Count; i++)
            {
                var values = rows[i].Values;
                var regrouped = sides.Score(values, sides.ItemTrees.Sum(values), sides.QueryTrees.Sum(values));
                Assert.Equal(flat.Score(values), regrouped, 1e-6);
                Assert.Equal(reference[i], regrouped, Tolerance);
            }
        }

        Assert.True(flat.Sides(first, second).ItemTrees.TreeCount >= 1);
        Assert.True(flat.Sides(first, second).QueryTrees.TreeCount >= 1 || second.Count == 0);
    }

    /// <summary>The ranker sums trees that read post-only features once per post (kept with the post's parts) and
    /// trees that read the graduate's alone once per request. The trainer's models need not have either kind, so
    /// two are trained that have nothing else: one on post-only features (every tree summed per post), one on the
    /// graduate's alone with graduates mixed within groups (every tree summed per request). The served scores
    /// equal ML.NET's <c>Transform</c> of the reference features of the same pairs.</summary>
    [Theory]
    [InlineData("post")]
    [InlineData("graduate")]
    public void Rank_ModelOfOneSidedTrees_PrecomputedSumsEqualTransform(string side)
    {
        var keep = side == "post" ? PairFeatures.PostOnly : PairFeatures.SeekerOnly;
        var training = TrainingData.Rows(Shared.Value.Set.Training).Select((r, i) => new RankingRow
        {
            GroupId = side == "post" ? r.GroupId : (uint)(i % 40),
            Label = r.Label,
            Weight = r.Weight,
            Features = [.. r.Features.Select((v, f) => keep.Contains(f) ? v : 0)],
        }).ToList();
        var model = RankingModel.Train(training, PairFeatures.Schema, side, trees: 20);
        var sides = model.Flat!.Sides(PairFeatures.PostOnly, PairFeatures.SeekerOnly);
        var (precomputed, splitting) = side == "post" ? (sides.ItemTrees, sides.ItemTrees.TreeCount) : (sides.QueryTrees, sides.QueryTrees.TreeCount);
        Assert.Equal(model.Flat.TreeCount, precomputed.TreeCount);
        Assert.True(Enumerable.Range(0, splitting).Any(t => precomputed.SplitFeatures(t).Count > 0), "the trees must split");

        var posts = Shared.Value.Posts;
        var served = new List<float>();
        var rows = new List<FeatureVector>();
        for (var g = 0; g < 200; g++)
        {
            var seeker = Shared.Value.Seekers[g * Shared.Value.Seekers.Count / 200];
            var candidates = Enumerable.Range(0, 15).Select(k => posts[((g * 31) + (k * 47)) % posts.Count]).DistinctBy(p => p.Vacancy.VacancyId).ToList();
            foreach (var ranked in Liuhu.Matching.Serving.Ranker.Rank(seeker, candidates, model, Samples.Now))
            {
                served.Add(ranked.Score);
                rows.Add(PairFeatures.Evaluate(seeker, ranked.Post, Samples.Now).Features);
            }
        }

        var reference = model.TransformScores(rows);
        Assert.True(reference.Distinct().Count() > 5, $"{reference.Distinct().Count()} distinct scores");
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(reference[i], served[i], Tolerance);
        }
    }

    /// <summary>A short list out of many candidates is picked without sorting them all: it is the full ranking's
    /// first posts, in its order, with and without the exposure re-ranking.</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    public void Top_ShortListOfMany_EqualsFullRankingsFirst(double exposurePenalty)
    {
        var model = Shared.Value.Graduate;
        var posts = Shared.Value.Posts;
        foreach (var g in new[] { 0, 17, 101, 333, 640 })
        {
            var seeker = Shared.Value.Seekers[g];
            var full = Liuhu.Matching.Serving.Ranker.Rank(seeker, posts, model, Samples.Now, exposurePenalty);
            foreach (var top in new[] { 0, 1, 5, 20, 70 })
            {
                var shortList = Liuhu.Matching.Serving.Ranker.Top(seeker, posts, model, Samples.Now, top, exposurePenalty);
                Assert.Equal(full.Take(top).Select(r => (r.Post.Vacancy.VacancyId, r.Score)), shortList.Select(r => (r.Post.Vacancy.VacancyId, r.Score)));
            }
        }
    }

    [Fact]
    public void Score_MissingAndExtremeValues_EqualsTransform()
    {
        var model = Shared.Value.Graduate;
        var random = new Random(4);
        var rows = Shared.Value.Rows(model.Schema).Take(500).Select(r =>
        {
            var values = (float[])r.Values.Clone();
            values[random.Next(values.Length)] = random.Next(4) switch { 0 => float.NaN, 1 => float.MaxValue, 2 => float.MinValue, _ => -0f };
            return new FeatureVector(model.Schema, values);
        }).ToList();

        var flat = model.Score(rows);
        var reference = model.TransformScores(rows);

        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(reference[i], flat[i], Tolerance);
        }
    }

    [Fact]
    public void Score_RowOfAnotherSchema_Throws()
    {
        var rows = Shared.Value.Rows(CandidateFeatures.Schema).Take(3).ToList();
        Assert.Throws<ArgumentException>(() => Shared.Value.Graduate.Score(rows));
    }
}
