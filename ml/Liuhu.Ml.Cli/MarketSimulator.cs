using System.Globalization;
using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Core.Outcomes;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;
using Liuhu.Matching.Serving;

namespace Liuhu.Ml.Cli;

/// <summary>A simulated Hohhot labour market, seeded: employers in the clusters with valid credit codes,
/// posts that fit each cluster, graduates of Hohhot's universities and colleges, and outcomes driven by a
/// hidden utility the heuristic does not know (salary against expectation and housing weigh more than it
/// thinks, each employer has an unobserved appeal) plus noise and each post's headcount.</summary>
public sealed class MarketSimulator(int seed)
{
    private sealed record PostTemplate(string Cluster, string Title, Degree Degree, string[] Majors, string[] Skills, int SalaryMin, int SalaryMax, string[] Districts);

    private static readonly PostTemplate[] Templates =
    [
        new("green-agrifood", "乳品质量检验员", Degree.Bachelor, ["食品质量与安全", "食品科学与工程"], ["微生物检验", "HACCP", "理化检验"], 4500, 7000, ["土默特左旗", "和林格尔县", "赛罕区"]),
        new("green-agrifood", "乳品工艺技术员", Degree.Associate, ["乳品工程", "食品检验检测技术"], ["杀菌工艺", "设备操作", "GMP"], 4000, 6000, ["土默特左旗", "和林格尔县"]),
        new("green-agrifood", "畜牧养殖技术员", Degree.Associate, ["动物科学", "动物医学"], ["饲养管理", "疫病防控"], 4000, 6500, ["武川县", "清水河县", "土默特左旗"]),
        new("new-materials", "单晶硅工艺工程师", Degree.Bachelor, ["材料科学与工程", "材料物理"], ["单晶拉制", "工艺优化", "数据分析"], 7000, 11000, ["经济技术开发区", "托克托县"]),
        new("new-materials", "石墨烯研发助理", Degree.Master, ["材料化学", "化学"], ["材料表征", "实验设计"], 8000, 13000, ["经济技术开发区"]),
        new("new-materials", "材料检测员", Degree.Associate, ["无机非金属材料工程", "金属材料工程"], ["理化检验", "质量管理"], 4500, 6500, ["托克托县", "经济技术开发区"]),
        new("new-energy", "风电场运维技术员", Degree.Associate, ["风力发电工程技术", "电气自动化技术"], ["电工证", "SCADA", "设备维修"], 5000, 8000, ["武川县", "托克托县", "土默特左旗"]),
        new("new-energy", "光伏电站运维工程师", Degree.Bachelor, ["新能源科学与工程", "电气工程及其自动化"], ["电工证", "SCADA", "电气设计"], 6000, 9000, ["和林格尔县", "清水河县", "武川县"]),
        new("new-energy", "储能系统工程师", Degree.Bachelor, ["储能科学与工程", "电气工程及其自动化"], ["电池管理", "PLC编程"], 7000, 11000, ["经济技术开发区", "和林格尔新区"]),
        new("biomedicine", "疫苗生产操作员", Degree.Bachelor, ["生物制药", "生物技术"], ["GMP", "无菌操作"], 5000, 7500, ["经济技术开发区", "金桥开发区"]),
        new("biomedicine", "药品质量检验员", Degree.Bachelor, ["药学", "药物制剂"], ["HPLC", "GMP", "理化检验"], 5000, 8000, ["经济技术开发区", "赛罕区"]),
        new("biomedicine", "蒙药研发助理", Degree.Master, ["中药学", "药学"], ["提取工艺", "实验设计"], 7000, 10000, ["赛罕区", "新城区"]),
        new("next-gen-it", "数据中心运维工程师", Degree.Bachelor, ["计算机科学与技术", "网络工程"], ["Linux", "网络运维", "Python"], 6000, 9000, ["和林格尔新区"]),
        new("next-gen-it", "软件开发工程师", Degree.Bachelor, ["软件工程", "计算机科学与技术"], ["Java", "SQL", "Python"], 7000, 12000, ["和林格尔新区", "赛罕区", "新城区"]),
        new("next-gen-it", "数据分析师", Degree.Bachelor, ["数据科学与大数据技术", "统计学"], ["Python", "SQL", "数据分析"], 7000, 11000, ["和林格尔新区", "赛罕区"]),
        new("next-gen-it", "网络安全工程师", Degree.Bachelor, ["信息安全", "计算机科学与技术"], ["渗透测试", "Linux", "网络运维"], 8000, 13000, ["和林格尔新区"]),
        new("modern-equipment", "设备维护工程师", Degree.Associate, ["机电一体化技术", "机械设计制造及其自动化"], ["PLC编程", "设备维修", "CAD"], 5000, 8000, ["经济技术开发区", "赛罕区", "回民区"]),
        new("modern-equipment", "机械设计工程师", Degree.Bachelor, ["机械设计制造及其自动化", "机械电子工程"], ["CAD", "SolidWorks"], 6500, 10000, ["经济技术开发区", "赛罕区"]),
        new("modern-equipment", "电气工程师", Degree.Bachelor, ["电气工程及其自动化", "自动化"], ["PLC编程", "电气设计"], 6500, 10000, ["经济技术开发区", "托克托县"]),
        new("services", "电商运营专员", Degree.Associate, ["电子商务", "物流管理"], ["直播运营", "短视频剪辑", "数据分析"], 4500, 7000, ["赛罕区", "新城区", "回民区"]),
        new("services", "会计", Degree.Bachelor, ["会计学", "财务管理"], ["会计核算", "Office"], 4500, 6500, ["新城区", "玉泉区", "赛罕区"]),
        new("services", "人力资源专员", Degree.Bachelor, ["人力资源管理", "工商管理"], ["招聘", "Office"], 4000, 6000, ["新城区", "回民区"]),
        new("services", "物流调度员", Degree.Associate, ["物流管理"], ["调度", "Office"], 4000, 5500, ["赛罕区", "玉泉区"]),
        new("public", "社区就业服务专员", Degree.Associate, [], ["沟通协调", "Office"], 3500, 4500, ["新城区", "回民区", "玉泉区", "赛罕区"]),
        new("public", "乡村振兴专干", Degree.Bachelor, [], ["沟通协调", "写作"], 3500, 4800, ["武川县", "清水河县", "托克托县", "和林格尔县", "土默特左旗"]),
        new("public", "中小学教师", Degree.Bachelor, ["教育学", "汉语言文学", "数学与应用数学", "英语"], ["教师资格证"], 4500, 6500, ["新城区", "赛罕区", "土默特左旗"]),

        // Requirements as ledgers write them: classes, 相关专业, discipline groups, any-major forms.
        new("next-gen-it", "IT运维助理", Degree.Associate, ["计算机类相关专业"], ["网络运维", "Linux", "Office"], 4500, 6500, ["赛罕区", "新城区", "和林格尔新区"]),
        new("modern-equipment", "电气维修技术员", Degree.Associate, ["电气类相关专业", "机电一体化技术"], ["电工证", "设备维修", "PLC编程"], 4500, 7000, ["经济技术开发区", "托克托县"]),
        new("new-materials", "化工操作员", Degree.Associate, ["化工类"], ["设备操作", "安全生产"], 4500, 6500, ["托克托县", "经济技术开发区"]),
        new("modern-equipment", "技术储备生", Degree.Bachelor, ["理工科"], ["CAD", "Office"], 5000, 7500, ["经济技术开发区", "赛罕区"]),
        new("services", "客户经理", Degree.Bachelor, ["经管类"], ["沟通协调", "市场营销"], 4500, 8000, ["新城区", "赛罕区", "回民区"]),
        new("public", "蒙汉双语窗口服务专员", Degree.Associate, ["不限专业"], ["蒙汉双语", "沟通协调", "Office"], 3800, 5000, ["新城区", "回民区", "玉泉区", "赛罕区"]),
        new("services", "蒙古语新媒体编辑", Degree.Bachelor, ["蒙古语言文学", "新闻学"], ["蒙古语", "写作", "短视频剪辑"], 4500, 6500, ["新城区", "赛罕区"]),
        new("biomedicine", "蒙医诊疗助理", Degree.Bachelor, ["蒙医学", "中医学"], ["蒙医", "沟通协调"], 5000, 7500, ["新城区", "赛罕区"]),
        new("public", "就业见习岗（综合管理）", Degree.Associate, ["专业不限"], ["Office", "写作"], 2500, 3500, ["新城区", "回民区", "玉泉区", "赛罕区", "土默特左旗"]),
    ];

    /// <summary>Majors taught in Mongolian (蒙授); drawn far more often by 蒙古族 graduates, so the simulated market
    /// has the proxy the fairness audit must see.</summary>
    private static readonly string[] MongolianMediumMajors =
    [
        "蒙古语言文学", "蒙古语言文学", "蒙医学", "蒙药学", "蒙汉翻译", "新闻学（蒙授）", "数学与应用数学（蒙授）", "计算机科学与技术（蒙授）",
        "学前教育（蒙授）", "会计学（蒙授）", "法学（蒙授）", "动物科学（蒙授）", "历史学（蒙授）",
    ];

    /// <summary>高职 majors taught in Hohhot that few or no posts name, studied at 大专 level.</summary>
    private static readonly string[] VocationalMajors =
    [
        "计算机应用技术", "计算机网络技术", "软件技术", "大数据技术", "云计算技术应用", "护理", "大数据与会计", "现代物流管理", "工业机器人技术",
        "新能源汽车技术", "建筑工程技术", "畜牧兽医", "药品生产技术", "应用化工技术", "学前教育", "电子商务", "光伏工程技术",
    ];

    /// <summary>本科 majors that few or no posts name.</summary>
    private static readonly string[] UnderservedMajors =
    [
        "护理学", "汉语言文学", "法学", "英语", "临床医学", "历史学", "音乐学", "社会工作", "思想政治教育", "草业科学", "地理科学", "心理学",
    ];

    private static readonly string[] GeneralSkills = ["Office", "沟通协调", "写作", "英语四级", "驾驶证"];

    private static readonly string[] Universities =
    [
        "内蒙古大学", "内蒙古工业大学", "内蒙古农业大学", "内蒙古师范大学", "内蒙古医科大学", "内蒙古财经大学", "呼和浩特民族学院",
        "内蒙古机电职业技术学院", "呼和浩特职业学院", "内蒙古建筑职业技术学院",
    ];

    private static readonly string[] BenefitPhrases = ["五险一金", "提供人才公寓", "员工宿舍", "包食宿", "租房补贴", "班车", "餐补", "年终奖", "带薪年假", "双休"];

    private readonly Random random = new(seed);

    /// <summary>Where each graduate was shown each post (1-based), as the server's impression log records it.</summary>
    public Dictionary<(string Graduate, string Vacancy), int> Positions { get; } = [];

    /// <summary>The probability that the logging policy put each post in each graduate's list (1 for the ranker's
    /// own choices, less for posts exploration or the random tail drew), as serving logs it.</summary>
    public Dictionary<(string Graduate, string Vacancy), double> Propensities { get; } = [];

    /// <summary>Per graduate, the posts the logging list could hold from its ranking: those shown for sure and the
    /// exploration pool below them, in the heuristic's order.</summary>
    public Dictionary<string, IReadOnlyList<string>> Reach { get; } = new(StringComparer.Ordinal);

    /// <summary>This simulator's hidden world, drawn from its seed.</summary>
    public World World { get; } = World.Draw(seed);

    public sealed record Employer(string CreditCode, string Name, double Appeal);

    public sealed record Market(IReadOnlyList<Vacancy> Vacancies, IReadOnlyList<GraduateProfile> Graduates, IReadOnlyDictionary<string, Employer> Employers);

    public Market Generate(int posts, int graduates, DateTimeOffset now, IProgress<double>? progress = null)
    {
        var employers = new List<(Employer Employer, PostTemplate[] Templates)>();
        var employerCount = Math.Max(8, posts / 25);
        for (var e = 0; e < employerCount; e++)
        {
            var cluster = Clusters.All[e % Clusters.All.Count].Code;
            var isPublic = cluster == "public";
            var body = (isPublic ? "12150100" : "91150100") + Code(9);
            var name = isPublic ? $"呼和浩特市第{e + 1}公共服务中心" : $"{Prefix(cluster)}示范{e + 1}有限公司";
            employers.Add((new Employer(CreditCode.WithCheckCharacter(body), name, Normal() * World.EmployerPull), Templates.Where(t => t.Cluster == cluster).ToArray()));
        }

        var vacancies = new List<Vacancy>(posts);
        for (var i = 0; i < posts; i++)
        {
            var (employer, templates) = employers[random.Next(employers.Count)];
            var t = templates[random.Next(templates.Length)];
            var shift = random.Next(-10, 15) * 100;
            var district = t.Districts[random.Next(t.Districts.Length)];
            Districts.TryParse(district, out var d);
            var benefits = BenefitPhrases.Where(_ => random.NextDouble() < 0.25).Prepend("五险一金").Distinct().ToList();
            vacancies.Add(new Vacancy
            {
                VacancyId = VacancyIds.FromPostCode(employer.CreditCode, "S" + i.ToString(CultureInfo.InvariantCulture)),
                EmployerCreditCode = employer.CreditCode,
                EmployerName = employer.Name,
                Title = t.Title,
                PostCode = "S" + i.ToString(CultureInfo.InvariantCulture),
                Cluster = t.Cluster,
                Headcount = 1 + (int)Math.Min(20, Math.Abs(Normal() * World.Capacity)),
                Degree = t.Degree,
                Majors = t.Majors,
                Skills = t.Skills.Where(_ => random.NextDouble() < 0.8).DefaultIfEmpty(t.Skills[0]).ToList(),
                Salary = new SalaryRange(t.SalaryMin + shift, t.SalaryMax + shift, false),
                SalaryText = $"{t.SalaryMin + shift}-{t.SalaryMax + shift}",
                District = d.Code,
                Location = district,
                Benefits = benefits,
                ExpiresOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(random.Next(30, 240)),
                LedgerId = "simulated",
                FirstSeenAt = now.AddDays(-random.Next(0, 90)),
                UpdatedAt = now,
            });
            if (i % 1000 == 0)
            {
                progress?.Report(0.3 * i / posts);
            }
        }

        var people = new List<GraduateProfile>(graduates);
        for (var i = 0; i < graduates; i++)
        {
            // Ethnicity first, then the major: 蒙授 majors are mostly studied by 蒙古族 graduates. Ethnicity is never
            // a feature; the major is, which is the proxy the fairness audit and the recall table must show.
            var ethnicity = random.NextDouble() switch { < 0.78 => "汉族", < 0.96 => "蒙古族", _ => "其他" };
            var t = Templates[random.Next(Templates.Length)];
            var named = t.Majors.Where(m => MajorCatalog.Default.CodeOf(m) is not null).ToArray();
            var major = named.Length > 0 ? named[random.Next(named.Length)] : "汉语言文学";
            var vocational = t.Degree == Degree.Associate && random.NextDouble() < 0.7;
            var draw = random.NextDouble();
            var offTemplate = true;
            if (draw < (ethnicity == "蒙古族" ? 0.4 : 0.01))
            {
                major = MongolianMediumMajors[random.Next(MongolianMediumMajors.Length)];
                vocational = random.NextDouble() < 0.15;
            }
            else if (draw < 0.55 && draw >= 0.42)
            {
                major = VocationalMajors[random.Next(VocationalMajors.Length)];
                vocational = true;
            }
            else if (draw < 0.62 && draw >= 0.55)
            {
                major = UnderservedMajors[random.Next(UnderservedMajors.Length)];
                vocational = false;
            }
            else
            {
                offTemplate = false;
            }

            var degree = vocational ? Degree.Associate : random.NextDouble() < 0.15 ? Degree.Master : Degree.Bachelor;
            var university = vocational ? Universities[7 + random.Next(3)] : Universities[random.Next(7)];
            var skills = offTemplate
                ? GeneralSkills.Where(_ => random.NextDouble() < 0.25).ToList()
                : t.Skills.Where(_ => random.NextDouble() < 0.6).Concat(Templates[random.Next(Templates.Length)].Skills.Where(_ => random.NextDouble() < 0.3)).Distinct().ToList();
            var prefersCluster = random.NextDouble() < (offTemplate ? 0.4 : 0.7);
            if (offTemplate)
            {
                t = Templates[random.Next(Templates.Length)];
            }

            var residency = random.NextDouble() switch { < 0.45 => Residency.HohhotHukou, < 0.6 => Residency.HohhotResident, _ => Residency.External };
            var expected = (int)Math.Round(((t.SalaryMin + t.SalaryMax) / 2.0) * (0.8 + (random.NextDouble() * 0.5)) / 100) * 100;
            people.Add(new GraduateProfile
            {
                GraduateId = "SIM" + i.ToString("D6", CultureInfo.InvariantCulture),
                Degree = degree,
                Major = major,
                MajorCode = MajorCatalog.Default.CodeOf(major, degree),
                University = university,
                GraduationYear = 2024,
                Skills = skills,
                PreferredClusters = prefersCluster ? [t.Cluster] : [],
                PreferredDistricts = random.NextDouble() < 0.5 ? [Districts.All[random.Next(Districts.All.Count)].Code] : [],
                ExpectedSalary = expected,
                Residency = residency,
                LeftSchoolUnemployed = random.NextDouble() < 0.1,
                Consent = new Consent(random.NextDouble() < 0.95, random.NextDouble() < 0.8),
                Gender = random.NextDouble() < 0.5 ? "女" : "男",
                Ethnicity = ethnicity,
                Source = "simulated",
                UpdatedAt = now,
            });
            if (i % 1000 == 0)
            {
                progress?.Report(0.3 + (0.2 * i / graduates));
            }
        }

        return new Market(vacancies, people, employers.ToDictionary(e => e.Employer.CreditCode, e => e.Employer));
    }

    /// <summary>The utility a graduate gets from a post in this world: what the simulated people actually want,
    /// hidden from the ranker. Everything a ranker could read is here only as the post and the profile state it.</summary>
    public double Utility(SeekerProfile seeker, PostProfile post, Employer employer, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(employer);
        var f = PairFeatures.Evaluate(seeker, post, at, new PostStats()).Features;
        var w = World;
        var major = f[PairFeatures.MajorExact] == 1 ? 1.0 : f[PairFeatures.MajorSameClass] == 1 ? 0.8 : f[PairFeatures.MajorTextSimilarity] >= 0.6 ? 0.5
            : f[PairFeatures.MajorsUnrestricted] == 1 ? 0.4 : f[PairFeatures.MajorSameDiscipline] == 1 ? 0.3 : -0.6;
        var salary = Math.Clamp((f[PairFeatures.SalaryToExpectation] - 1) * w.SalarySensitivity, -1.5, 1.5);
        var benefits = post.BenefitKinds.Sum(k => w.BenefitValue.GetValueOrDefault(k) * (Benefits.IsHousing(k) && seeker.IsExternal ? 1.5 : 1));
        var district = post.Vacancy.District is { } d && w.AvoidedDistricts.Contains(d) ? -w.DistrictAversion : 0;
        var overQualified = Math.Max(0, (int)seeker.Degree - Math.Max((int)Degree.Associate, (int)post.Vacancy.Degree)) * w.OverQualification;
        return (w.MajorWeight * major) + (w.ClusterWeight * f[PairFeatures.ClusterPreferred]) + (w.DistrictWeight * f[PairFeatures.DistrictPreferred])
            + salary + benefits + district - overQualified + (post.IsPublicEmployer && seeker.LeftSchoolUnemployed ? w.PublicForUnemployed : 0)
            - (f[PairFeatures.DegreeMeets] == 1 ? 0 : 1.0) + (0.3 * f[PairFeatures.SkillCoverage]) + employer.Appeal;
    }

    /// <summary>The probability that a graduate who looks at a post applies to it (the apply step of
    /// <see cref="Outcomes"/>, its noise integrated out over fixed normal quantiles): what an online test of a
    /// ranking would measure, and so the truth an off-policy estimate is checked against.</summary>
    public double ApplyProbability(SeekerProfile seeker, PostProfile post, Employer employer, DateTimeOffset at)
    {
        var u = Utility(seeker, post, employer, at);
        return NormalQuantiles.Average(z => Sigmoid(2 * (u + (0.5 * z) - 1.8)));
    }

    /// <summary>The examination curve of this world: position k is looked at with probability k^−bias.</summary>
    public double Examination(int position) => Math.Pow(position, -World.PositionBias);

    private static readonly double[] NormalQuantiles = [.. Enumerable.Range(0, 32).Select(i => InverseNormal((i + 0.5) / 32))];

    /// <summary>Acklam's rational approximation of the standard normal quantile (error below 1e−8, ample here).</summary>
    private static double InverseNormal(double p)
    {
        double[] a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716, 2.506628277459239];
        double[] b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
        double[] c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
        double[] d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return Polynomial(c, q) / Polynomial([.. d, 1], q);
        }

        if (p > 1 - 0.02425)
        {
            return -InverseNormal(1 - p);
        }

        var r = (p - 0.5) * (p - 0.5);
        return Polynomial(a, r) * (p - 0.5) / Polynomial([.. b, 1], r);
    }

    /// <summary>Horner's rule, highest power first.</summary>
    private static double Polynomial(double[] coefficients, double x) => coefficients.Aggregate(0.0, (sum, k) => (sum * x) + k);

    /// <summary>How an employer judges an applicant in this world: its own weights on qualifications, never on
    /// residency or protected attributes (the simulated employers obey the law the ranker must).</summary>
    public double Suitability(SeekerProfile seeker, PostProfile post)
    {
        ArgumentNullException.ThrowIfNull(seeker);
        ArgumentNullException.ThrowIfNull(post);
        var f = CandidateFeatures.Evaluate(seeker, post).Features;
        var w = World;
        var major = f[CandidateFeatures.Fit.MajorExact] == 1 ? 1.0 : f[CandidateFeatures.Fit.MajorSameClass] == 1 ? 0.7 : f[CandidateFeatures.Fit.MajorsUnrestricted] == 1 ? 0.5 : 0;
        return (w.EmployerMajor * major) + (w.EmployerDegree * f[CandidateFeatures.Fit.DegreeMeets]) + (w.EmployerSkills * f[CandidateFeatures.Fit.SkillCoverage])
            + (0.2 * Math.Clamp(f[CandidateFeatures.Fit.DegreeGap], 0, 2));
    }

    /// <summary>What the site showed each graduate (the heuristic's best, plus a few explored at random), and
    /// what happened, in time: graduates arrive over the 60 days before <paramref name="now"/> and see the posts
    /// already published; they look at lower positions less often; employers interview and offer by their own
    /// judgement; a graduate takes the first offer while the post has an opening left. With
    /// <paramref name="exploreSlots"/> the heuristic's list explores as serving does (<see cref="Exploration"/>:
    /// that many of the first 10 positions drawn from the next <paramref name="explorePool"/> posts).</summary>
    public List<Outcome> Outcomes(Market market, VacancyIndexSnapshot index, DateTimeOffset now, int shownPerGraduate = 20, int explored = 10, IProgress<double>? progress = null,
        int exploreSlots = 0, int explorePool = 50)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(index);
        var outcomes = new List<Outcome>();
        var order = market.Graduates.Where(g => g.Consent.Matching).OrderBy(_ => random.Next()).ToList();
        var start = now.AddDays(-60);
        var w = World;
        for (var n = 0; n < order.Count; n++)
        {
            var graduate = order[n];
            var at = start + TimeSpan.FromDays(60.0 * n / order.Count);
            var seeker = new SeekerProfile(graduate, MajorCatalog.Default);
            var candidates = index.Index.Candidates(seeker, 300).Where(p => p.Vacancy.FirstSeenAt <= at).ToList();
            var published = index.Index.Posts.Where(p => p.Vacancy.FirstSeenAt <= at && p.RemainingOpenings > 0).ToList();
            var ranked = Ranker.Rank(seeker, candidates, null, at);
            var head = exploreSlots > 0
                ? Exploration.Apply(ranked, shownPerGraduate, exploreSlots, 10, explorePool, random).Select(s => s.Ranked.Post).ToList()
                : ranked.Take(shownPerGraduate).Select(r => r.Post).ToList();
            var shown = head
                .Concat(Enumerable.Range(0, published.Count == 0 ? 0 : explored).Select(_ => published[random.Next(published.Count)]))
                .DistinctBy(p => p.Vacancy.VacancyId).ToList();
            RecordPropensities(graduate.GraduateId, ranked, shown, published, shownPerGraduate, explored, exploreSlots, explorePool);
            var hired = false;
            for (var position = 1; position <= shown.Count; position++)
            {
                var post = shown[position - 1];
                var id = post.Vacancy.VacancyId;
                outcomes.Add(new Outcome(graduate.GraduateId, id, OutcomeEvent.Shown, at));
                Positions[(graduate.GraduateId, id)] = position;
                var u = Utility(seeker, post, market.Employers[post.Vacancy.EmployerCreditCode], at) + (Normal() * 0.5);
                if (random.NextDouble() >= Math.Pow(position, -w.PositionBias) || random.NextDouble() >= Sigmoid(2 * (u - 1.8)))
                {
                    continue;
                }

                outcomes.Add(new Outcome(graduate.GraduateId, id, OutcomeEvent.Applied, at.AddHours(1)));
                post.Applications++;
                var q = Suitability(seeker, post) + (Normal() * 0.4);
                if (random.NextDouble() >= Sigmoid(2.5 * (q - w.InterviewBar)))
                {
                    outcomes.Add(new Outcome(graduate.GraduateId, id, OutcomeEvent.Rejected, at.AddDays(3)));
                    continue;
                }

                outcomes.Add(new Outcome(graduate.GraduateId, id, OutcomeEvent.Interviewed, at.AddDays(3)));
                if (random.NextDouble() >= Sigmoid(2.5 * (q - w.InterviewBar - 0.4)))
                {
                    outcomes.Add(new Outcome(graduate.GraduateId, id, OutcomeEvent.Rejected, at.AddDays(7)));
                    continue;
                }

                outcomes.Add(new Outcome(graduate.GraduateId, id, OutcomeEvent.Offered, at.AddDays(7)));
                if (!hired && post.RemainingOpenings > 0 && u > 1.5)
                {
                    post.Hires++;
                    hired = true;
                    outcomes.Add(new Outcome(graduate.GraduateId, id, OutcomeEvent.Hired, at.AddDays(10)));
                }
                else
                {
                    outcomes.Add(new Outcome(graduate.GraduateId, id, OutcomeEvent.Declined, at.AddDays(10)));
                }
            }

            if (n % 500 == 0)
            {
                progress?.Report(0.5 + (0.5 * n / order.Count));
            }
        }

        progress?.Report(1);
        return outcomes;
    }

    /// <summary>A post is in the list if the head put it there (for sure, or drawn from the exploration pool) or the
    /// random tail drew it (<paramref name="explored"/> uniform draws over the published posts); the two are independent.</summary>
    private void RecordPropensities(string graduateId, List<RankedPost> ranked, List<PostProfile> shown, List<PostProfile> published, int top, int explored, int exploreSlots, int explorePool)
    {
        var (sure, _, pool, poolPropensity) = Exploration.Plan(ranked.Count, top, exploreSlots, 10, explorePool);
        var head = new Dictionary<string, double>(StringComparer.Ordinal);
        Reach[graduateId] = [.. ranked.Take(sure + pool).Select(r => r.Post.Vacancy.VacancyId)];
        for (var i = 0; i < Math.Min(ranked.Count, sure + pool); i++)
        {
            head[ranked[i].Post.Vacancy.VacancyId] = i < sure ? 1 : poolPropensity;
        }

        var tail = published.Count == 0 ? 0 : 1 - Math.Pow(1 - (1.0 / published.Count), explored);
        var inTail = published.Select(p => p.Vacancy.VacancyId).ToHashSet(StringComparer.Ordinal);
        foreach (var post in shown)
        {
            var id = post.Vacancy.VacancyId;
            Propensities[(graduateId, id)] = 1 - ((1 - head.GetValueOrDefault(id)) * (1 - (inTail.Contains(id) ? tail : 0)));
        }
    }

    /// <summary>Each graduate's logged list as the impression log would hold it: posts with positions and propensities.</summary>
    public Dictionary<string, LoggedList> LoggedLists(IEnumerable<string> graduateIds)
    {
        var wanted = graduateIds.ToHashSet(StringComparer.Ordinal);
        return Positions.Where(p => wanted.Contains(p.Key.Graduate)).GroupBy(p => p.Key.Graduate, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new LoggedList(HeuristicScorer.Version, [.. g.OrderBy(p => p.Value).Select(p => new LoggedShow(p.Key.Vacancy, p.Value, Propensities[p.Key]))]), StringComparer.Ordinal);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private string Code(int length)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        return new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
    }

    private static string Prefix(string cluster) => cluster switch
    {
        "green-agrifood" => "乳业", "new-materials" => "新材料", "new-energy" => "绿能", "biomedicine" => "生物医药",
        "next-gen-it" => "云数据", "modern-equipment" => "装备制造", _ => "现代服务",
    };
}

/// <summary>The index over a simulated market's posts, with their profiles (applications accumulate in them).</summary>
public sealed record VacancyIndexSnapshot(Liuhu.Matching.Serving.VacancyIndex Index)
{
    public static VacancyIndexSnapshot Build(IEnumerable<Vacancy> vacancies, DateTimeOffset now) =>
        new(new Liuhu.Matching.Serving.VacancyIndex(vacancies.Select(v => new PostProfile(v, MajorCatalog.Default)).ToList(), now));
}

/// <summary>One simulated world's hidden preferences, drawn at random: which districts graduates avoid, what each
/// benefit is worth, how much over-qualification and pay matter, how strongly employers pull, what employers
/// look for, how steeply attention falls with position, and how many openings posts have. The ranker's
/// features were not tuned on any of them.</summary>
public sealed record World(
    IReadOnlySet<string> AvoidedDistricts, double DistrictAversion, IReadOnlyDictionary<BenefitKind, double> BenefitValue, double OverQualification,
    double SalarySensitivity, double EmployerPull, double MajorWeight, double ClusterWeight, double DistrictWeight, double PublicForUnemployed,
    double EmployerMajor, double EmployerDegree, double EmployerSkills, double InterviewBar, double PositionBias, double Capacity)
{
    public static World Draw(int seed)
    {
        var r = new Random(unchecked((seed * 7919) + 17));
        double U(double low, double high) => low + (r.NextDouble() * (high - low));
        var districts = Districts.All.Select(d => d.Code).OrderBy(_ => r.Next()).Take(3).ToHashSet(StringComparer.Ordinal);
        var benefits = Enum.GetValues<BenefitKind>().ToDictionary(k => k, k => Benefits.IsHousing(k) ? U(-0.2, 1.2) : U(-0.1, 0.4));
        return new World(districts, U(0.4, 1.6), benefits, U(0, 0.8), U(1.5, 4), U(0.3, 0.9), U(0.6, 1.4), U(0.3, 1.0), U(0.2, 0.8), U(0, 0.8),
            U(0.6, 1.4), U(0.3, 1.0), U(0.4, 1.2), U(0.6, 1.2), U(0.3, 0.9), U(2, 6));
    }

    public override string ToString() =>
        $"avoids {string.Join('/', AvoidedDistricts)} (−{DistrictAversion:0.0}); 人才公寓 {BenefitValue[BenefitKind.TalentApartment]:0.0}, 宿舍 {BenefitValue[BenefitKind.StaffDormitory]:0.0}, "
        + $"租房补贴 {BenefitValue[BenefitKind.RentSubsidy]:0.0}; over-qualification −{OverQualification:0.0}/level; pay ×{SalarySensitivity:0.0}; employer pull {EmployerPull:0.0}; position bias {PositionBias:0.0}; capacity {Capacity:0.0}";
}
