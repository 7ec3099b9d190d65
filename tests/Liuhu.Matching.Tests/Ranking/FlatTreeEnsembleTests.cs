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

    /// <summary>The served rows leave out the costly features no tree splits on: they differ from the full rows only
    /// where <see cref="FlatTreeEnsemble.Reads"/> is false, so every score is the same bit for bit.</summary>
    [Fact]
    public void Write_OnlyWhatTheTreesRead_SameScoreBitForBit()
    {
        var flat = Shared.Value.Graduate.Flat!;
        var posts = Shared.Value.Posts;
        var (full, read) = (new float[PairFeatures.Count], new float[PairFeatures.Count]);
        var differed = 0;
        for (var g = 0; g < 300; g++)
        {
            var parts = SeekerFeatureParts.ForOneRequest(Shared.Value.Seekers[g * Shared.Value.Seekers.Count / 300]);
            for (var k = 0; k < 10; k++)
            {
                var post = posts[((g * 31) + (k * 47)) % posts.Count];
                PairFeatures.Write(parts, post, Samples.Now, post.Live, full);
                PairFeatures.Write(parts, post, Samples.Now, post.Live, read, flat.Reads);
                for (var f = 0; f < full.Length; f++)
                {
                    if (BitConverter.SingleToInt32Bits(full[f]) != BitConverter.SingleToInt32Bits(read[f]))
                    {
                        Assert.False(flat.Reads[f], PairFeatures.Schema.Features[f].Name);
                        differed++;
                    }
                }

                Assert.Equal(BitConverter.SingleToInt32Bits(flat.Score(full)), BitConverter.SingleToInt32Bits(flat.Score(read)));
            }
        }

        Assert.True(differed > 0 || flat.Reads.ToArray().All(r => r), "No feature was left out, though the trees do not read every one.");
    }

    /// <summary>The served path walks the trees over blocks of rows, tree by tree: each row's score is the one
    /// <see cref="FlatTreeEnsemble.Score"/> gives it, bit for bit, in full and partial blocks, with NaN and extreme values.</summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void ScoreBlock_RowsOfAnyBlock_EqualScoreBitForBit(string kind)
    {
        var model = Model(kind);
        var flat = model.Flat!;
        var random = new Random(9);
        var rows = Shared.Value.Rows(model.Schema).Take(700).Select(r =>
        {
            var values = (float[])r.Values.Clone();
            if (random.Next(10) == 0)
            {
                values[random.Next(values.Length)] = random.Next(3) switch { 0 => float.NaN, 1 => float.MaxValue, _ => float.MinValue };
            }

            return values;
        }).ToList();
        var width = model.Schema.Count;

        foreach (var size in new[] { 1, 7, 32, 100 })
        {
            for (var start = 0; start < rows.Count; start += size)
            {
                var n = Math.Min(size, rows.Count - start);
                var block = rows.Skip(start).Take(n).SelectMany(v => v).ToArray();
                var scores = new float[n];
                flat.ScoreBlock(block, width, n, new double[n], scores);
                for (var r = 0; r < n; r++)
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits(flat.Score(rows[start + r])), BitConverter.SingleToInt32Bits(scores[r]));
                }
            }
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
