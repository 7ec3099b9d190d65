using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Matching.Features;
using Liuhu.Ml.Cli;

namespace Liuhu.Matching.Tests.Features;

/// <summary>The served feature computation (<see cref="PairFeatures.Write"/> over precomputed parts) gives the
/// reference <see cref="PairFeatures.Evaluate"/>'s rows bit for bit, on both sides: on random profiles drawn from
/// vocabularies chosen to reach every branch (taxonomy and free-text skills, never-equal pairs, one-character
/// texts, unknown codes, open pay, no skills at all), on a simulated market, and on hand-picked edge cases.</summary>
public class FeaturePartsTests
{
    private static readonly string[] MajorNames =
    [
        "计算机科学与技术", "网络工程", "软件工程", "机械设计制造及其自动化", "电气工程及其自动化", "化学", "生物化学", "药学", "中药学", "会计学",
        "市场营销", "汉语言文学", "计算机应用技术", "大数据技术", "机械设计", "数据科学", "化", "计算机", "理工科", "计算机类相关专业", "电气类",
        "专业不限", "不限", "蒙医学", "财务管理", "物流管理", "土木工程", "XYZ专业", "",
    ];

    private static readonly string?[] MajorCodes = [null, null, "080901", "080903", "080601", "070301", "071001", "100701", "120203", "510201", "0809", "08", "x", "080901T", "0809一", "0123456789"];

    private static readonly string[] FreeSkills =
    [
        "java", "javascript", "sql", "nosql", "药学", "中药学", "c语言", "c++", "c#", "excel", "word", "熟悉Java和MySQL", "吃苦耐劳", "a", "数据",
        "数据分析能力", "网络运维", "Linux运维", "驾驶证", "PLC", "熟练使用AutoCAD", "沟通能力强", "蒙古语", "英语六级", "CET-4", "会计证", "水电维修",
    ];

    private static readonly string[] Benefits = ["五险一金", "员工宿舍", "人才公寓", "包食宿", "租房补贴", "安家费", "餐补", "带薪年假"];

    private static readonly string[] Texts =
        ["数据中心运维工程师", "PLC电气工程师，熟悉西门子PLC", "会计", "Java开发，熟悉JavaScript与SQL", "普工", "见习生", "仓储物流专员", "护士", "质检员，会Excel"];

    private static string[] TaxonomyForms() =>
        [.. SkillTaxonomy.Default.All.SelectMany(s => s.Aliases.Prepend(s.English).Prepend(s.Chinese).Prepend(s.Id))];

    [Fact]
    public void Write_ThousandsOfRandomPairsSharedPartsAndRequestMemo_EqualsEvaluateBitForBit()
    {
        var random = new Random(14);
        var skills = TaxonomyForms().Concat(FreeSkills).ToArray();
        var seekers = Enumerable.Range(0, 120).Select(i => new SeekerProfile(RandomGraduate(random, skills, i), MajorCatalog.Default)).ToList();
        var posts = Enumerable.Range(0, 150).Select(i => new PostProfile(RandomPost(random, skills, i), MajorCatalog.Default)).ToList();
        _ = new Liuhu.Matching.Serving.VacancyIndex(posts, Samples.Now); // as served: skill parts shared between the index's posts

        var compared = 0;
        foreach (var seeker in seekers)
        {
            // As served: one request's parts, remembering which post skills text said the graduate covers.
            var request = SeekerFeatureParts.ForOneRequest(seeker);
            foreach (var post in posts.Where(_ => random.NextDouble() < 0.3))
            {
                var at = random.Next(4) == 0 ? default : Samples.Now.AddDays(random.NextDouble() * 120 - 30);
                var stats = new PostStats(random.Next(60), random.Next(12), (float)(random.NextDouble() - 0.5), (float)(random.NextDouble() - 0.5));
                AssertSameRows(seeker, post, at, stats);
                AssertSameRows(seeker, post, at, stats, request);
                compared++;
            }
        }

        Assert.True(compared >= 4_000, $"{compared} pairs compared");
    }

    [Fact]
    public void Write_SimulatedMarket_EqualsEvaluateBitForBit()
    {
        var simulator = new MarketSimulator(7);
        var market = simulator.Generate(300, 400, Samples.Now);
        var posts = market.Vacancies.Select(v => new PostProfile(v, MajorCatalog.Default)).ToList();
        var seekers = market.Graduates.Select(g => new SeekerProfile(g, MajorCatalog.Default)).ToList();

        for (var g = 0; g < seekers.Count; g++)
        {
            for (var k = 0; k < 8; k++)
            {
                var post = posts[((g * 31) + (k * 53)) % posts.Count];
                AssertSameRows(seekers[g], post, Samples.Now, post.Live);
            }
        }
    }

    [Fact]
    public void Write_EdgeCases_EqualsEvaluateBitForBit()
    {
        GraduateProfile[] graduates =
        [
            Samples.Graduate(),
            Samples.Graduate(major: "化", majorCode: null, skills: [], clusters: [], districts: [], salary: null),
            Samples.Graduate(major: "生物化学", majorCode: null, skills: ["java", "sql", "c语言", "a"], salary: 0),
            Samples.Graduate(major: "XYZ专业", majorCode: "080901", skills: ["javascript", "nosql", "中药学"], clusters: ["unknown-cluster"], districts: ["nowhere"]),
            Samples.Graduate(major: "药学", majorCode: null, skills: ["药学", "熟悉Java和MySQL", "PLC编程调试"], degree: Degree.Doctorate, residency: Residency.HohhotHukou),
            Samples.Graduate(major: "", majorCode: "x", skills: ["数据", "网络"], degree: Degree.Any, salary: 100_000),
            Samples.Graduate(major: "计算机应用技术", majorCode: "510201", skills: ["Linux运维", "西门子PLC", "低压电工证"], degree: Degree.Associate),
        ];
        Vacancy[] vacancies =
        [
            Samples.Post(),
            Samples.Post(skills: [], title: "运维工程师，熟悉Linux和Python"),
            Samples.Post(skills: [], title: "普工", majors: []),
            Samples.Post(majors: ["专业不限"], skills: ["javascript", "sql", "中药学"], degree: Degree.Any),
            Samples.Post(majors: ["理工科"], skills: ["java", "nosql", "高压电工证", "PLC编程"], degree: Degree.Master),
            Samples.Post(majors: ["计算机类相关专业", "机械设计"], skills: ["数据", "a", "网络运维"], cluster: "unknown-cluster", district: "nowhere"),
            Samples.Post(majors: ["化学", "药学"], skills: ["药学", "生物化学"], min: 0, max: 0, benefits: ["人才公寓", "员工宿舍", "包食宿", "安家费"]),
            Samples.Post(headcount: 0, credit: "12150100M000100Y43", title: "见习岗位") with { Salary = new SalaryRange(null, null, true), FirstSeenAt = default },
            Samples.Post() with { Salary = new SalaryRange(null, 5000, false), Cluster = null, District = null },
            Samples.Post() with { Salary = new SalaryRange(7000, null, false), Degree = Degree.Secondary },
        ];

        foreach (var graduate in graduates)
        {
            var seeker = new SeekerProfile(graduate, MajorCatalog.Default);
            foreach (var vacancy in vacancies)
            {
                var post = new PostProfile(vacancy, MajorCatalog.Default);
                AssertSameRows(seeker, post, Samples.Now, new PostStats(3, 1, 0.25f, -0.5f));
                AssertSameRows(seeker, post, Samples.Now.AddDays(-10), new PostStats(0, 9, 0, 0));
            }
        }
    }

    [Fact]
    public void Write_RowOfWrongLength_Throws()
    {
        var seeker = new SeekerProfile(Samples.Graduate(), MajorCatalog.Default);
        var post = new PostProfile(Samples.Post(), MajorCatalog.Default);
        Assert.Throws<ArgumentException>(() => PairFeatures.Write(seeker.FeatureParts, post, Samples.Now, post.Live, new float[PairFeatures.Count - 1]));
        Assert.Throws<ArgumentException>(() => CandidateFeatures.Write(seeker.FeatureParts, post.FeatureParts, new float[CandidateFeatures.Schema.Count + 1]));
    }

    private static void AssertSameRows(SeekerProfile seeker, PostProfile post, DateTimeOffset at, PostStats stats, SeekerFeatureParts? parts = null)
    {
        var reference = PairFeatures.Evaluate(seeker, post, at, stats).Features.Values;
        var served = new float[PairFeatures.Count];
        Array.Fill(served, float.NaN); // every value must be written, none left from before
        PairFeatures.Write(parts ?? seeker.FeatureParts, post, at, stats, served);
        AssertBits(reference, served, PairFeatures.Schema, seeker, post);
        AssertSides(reference, seeker, post);

        var candidateReference = CandidateFeatures.Evaluate(seeker, post).Features.Values;
        var candidate = new float[CandidateFeatures.Schema.Count];
        Array.Fill(candidate, float.NaN);
        CandidateFeatures.Write(parts ?? seeker.FeatureParts, post.FeatureParts, candidate);
        AssertBits(candidateReference, candidate, CandidateFeatures.Schema, seeker, post);
    }

    /// <summary>What <see cref="PairFeatures.PostOnly"/> and <see cref="PairFeatures.SeekerOnly"/> claim: every post-only feature of the pair is the value the post's template row holds, whatever the graduate, the
    /// moment and the stats; every graduate-only feature is the value the graduate has with any other post.</summary>
    private static void AssertSides(float[] reference, SeekerProfile seeker, PostProfile post)
    {
        var template = post.FeatureParts.GraduateTemplate;
        var elsewhere = PairFeatures.Evaluate(seeker, OtherPost, Samples.Now.AddYears(-1), new PostStats(7, 0, 0.5f, -0.25f)).Features.Values;
        for (var i = 0; i < reference.Length; i++)
        {
            if (PairFeatures.PostOnly.Contains(i) && BitConverter.SingleToInt32Bits(reference[i]) != BitConverter.SingleToInt32Bits(template[i]))
            {
                Assert.Fail($"post-only feature {PairFeatures.Schema.Features[i].Name}: pair {reference[i]:R}, post's template {template[i]:R} (post {post.Vacancy.Title})");
            }

            if (PairFeatures.SeekerOnly.Contains(i) && BitConverter.SingleToInt32Bits(reference[i]) != BitConverter.SingleToInt32Bits(elsewhere[i]))
            {
                Assert.Fail($"graduate-only feature {PairFeatures.Schema.Features[i].Name}: with this post {reference[i]:R}, with another {elsewhere[i]:R}");
            }
        }
    }

    private static readonly PostProfile OtherPost = new(Samples.Post(majors: ["会计学"], skills: ["excel"], cluster: "unknown-cluster", district: "nowhere"), MajorCatalog.Default);

    private static void AssertBits(float[] reference, float[] served, FeatureSchema schema, SeekerProfile seeker, PostProfile post)
    {
        for (var i = 0; i < reference.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(reference[i]) != BitConverter.SingleToInt32Bits(served[i]))
            {
                Assert.Fail($"{schema.Name} feature {schema.Features[i].Name}: reference {reference[i]:R}, served {served[i]:R} "
                    + $"(graduate major {seeker.MajorCode} skills [{string.Join(",", seeker.Skills.Select(s => s.Canonical))}]; post {post.Vacancy.Title} "
                    + $"skills [{string.Join(",", post.Skills.Select(s => s.Canonical))}] majors [{string.Join(",", post.Vacancy.Majors)}])");
            }
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static List<T> Some<T>(Random random, IReadOnlyList<T> items, int most) =>
        Enumerable.Range(0, random.Next(most + 1)).Select(_ => Pick(random, items)).ToList();

    private static GraduateProfile RandomGraduate(Random random, string[] skills, int i) => new()
    {
        GraduateId = $"G{i}",
        Degree = (Degree)random.Next(6),
        Major = Pick(random, MajorNames),
        MajorCode = Pick(random, MajorCodes),
        Skills = Some(random, skills, 6),
        Certificates = Some(random, FreeSkills, 2),
        PreferredClusters = Some(random, Clusters.All.Select(c => c.Code).Append("unknown-cluster").ToList(), 3),
        PreferredDistricts = Some(random, Districts.All.Select(d => d.Code).Append("nowhere").ToList(), 2),
        ExpectedSalary = random.Next(5) switch { 0 => null, 1 => 0, _ => random.Next(2_000, 15_000) },
        Residency = (Residency)random.Next(Enum.GetValues<Residency>().Length),
        LeftSchoolUnemployed = random.Next(2) == 0,
        Consent = new Consent(true, true),
    };

    private static Vacancy RandomPost(Random random, string[] skills, int i)
    {
        int? Pay() => random.Next(3) == 0 ? null : random.Next(1_000, 20_000);
        return new Vacancy
        {
            VacancyId = $"V{i}",
            EmployerCreditCode = random.Next(3) == 0 ? "12150100M000100Y43" : "91350100M000100Y43",
            EmployerName = "示范",
            Title = Pick(random, Texts),
            Description = random.Next(2) == 0 ? null : Pick(random, Texts) + "，" + Pick(random, FreeSkills),
            Headcount = random.Next(12),
            Degree = (Degree)random.Next(6),
            Majors = Some(random, MajorNames, 3),
            Skills = Some(random, skills, 5),
            Cluster = random.Next(8) == 0 ? null : random.Next(8) == 0 ? "unknown-cluster" : Pick(random, Clusters.All).Code,
            District = random.Next(8) == 0 ? null : random.Next(8) == 0 ? "nowhere" : Pick(random, Districts.All).Code,
            Salary = new SalaryRange(Pay(), Pay(), random.Next(6) == 0),
            Benefits = Some(random, Benefits, 4),
            LedgerId = "L",
            FirstSeenAt = random.Next(6) == 0 ? default : Samples.Now.AddDays(-random.Next(90)),
        };
    }
}
