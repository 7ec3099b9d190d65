namespace Liuhu.Core.Domain;

/// <summary>What a post offers, as distinct kinds: 人才公寓, 员工宿舍, 包食宿 and 租房补贴 are different things to a
/// graduate deciding where to live, and policies (保障性租赁住房, 人才公寓 allocation) depend on which one it is.</summary>
public enum BenefitKind
{
    TalentApartment,
    StaffDormitory,
    AccommodationProvided,
    BoardAndLodging,
    RentSubsidy,
    SettlingInAllowance,
    SocialInsuranceAndHousingFund,
    SocialInsurance,
    MealAllowance,
    Shuttle,
    YearEndBonus,
    PaidLeave,
    TwoDayWeekend,
    Training,
}

/// <summary>Reads a post's benefits as the ledger writes them into kinds, without guessing: a phrase that names
/// none of the kinds is kept as written by the caller, and a negated phrase (不提供住宿, 无宿舍) offers nothing.</summary>
public static class Benefits
{
    // Longest, most specific phrases first: 包食宿 must win over 住宿, 员工宿舍 over 宿舍.
    private static readonly (string Phrase, BenefitKind Kind)[] Phrases =
    [
        ("人才公寓", BenefitKind.TalentApartment),
        ("人才房", BenefitKind.TalentApartment),
        ("青年人才驿站", BenefitKind.TalentApartment),
        ("包食宿", BenefitKind.BoardAndLodging),
        ("包吃住", BenefitKind.BoardAndLodging),
        ("提供食宿", BenefitKind.BoardAndLodging),
        ("食宿", BenefitKind.BoardAndLodging),
        ("员工宿舍", BenefitKind.StaffDormitory),
        ("职工宿舍", BenefitKind.StaffDormitory),
        ("宿舍", BenefitKind.StaffDormitory),
        ("提供住宿", BenefitKind.AccommodationProvided),
        ("包住", BenefitKind.AccommodationProvided),
        ("住宿", BenefitKind.AccommodationProvided),
        ("租房补贴", BenefitKind.RentSubsidy),
        ("住房补贴", BenefitKind.RentSubsidy),
        ("房补", BenefitKind.RentSubsidy),
        ("安家费", BenefitKind.SettlingInAllowance),
        ("安家补贴", BenefitKind.SettlingInAllowance),
        ("五险一金", BenefitKind.SocialInsuranceAndHousingFund),
        ("六险一金", BenefitKind.SocialInsuranceAndHousingFund),
        ("五险二金", BenefitKind.SocialInsuranceAndHousingFund),
        ("五险", BenefitKind.SocialInsurance),
        ("社保", BenefitKind.SocialInsurance),
        ("餐补", BenefitKind.MealAllowance),
        ("饭补", BenefitKind.MealAllowance),
        ("工作餐", BenefitKind.MealAllowance),
        ("包吃", BenefitKind.MealAllowance),
        ("班车", BenefitKind.Shuttle),
        ("年终奖", BenefitKind.YearEndBonus),
        ("带薪年假", BenefitKind.PaidLeave),
        ("年假", BenefitKind.PaidLeave),
        ("双休", BenefitKind.TwoDayWeekend),
        ("岗前培训", BenefitKind.Training),
        ("培训", BenefitKind.Training),
    ];

    private static readonly string[] Negations = ["不提供", "不包", "不", "无", "没有", "不含", "暂无"];

    /// <summary>The kinds named by a post's benefit phrases (already split into a list by the ledger reader).</summary>
    public static IReadOnlySet<BenefitKind> Classify(IEnumerable<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var kinds = new HashSet<BenefitKind>();
        foreach (var phrase in phrases)
        {
            Classify(phrase, kinds);
        }

        return kinds;
    }

    /// <summary>Chinese name of a kind, as a reason or a page shows it.</summary>
    public static string ChineseName(BenefitKind kind) => kind switch
    {
        BenefitKind.TalentApartment => "人才公寓",
        BenefitKind.StaffDormitory => "员工宿舍",
        BenefitKind.AccommodationProvided => "提供住宿",
        BenefitKind.BoardAndLodging => "包食宿",
        BenefitKind.RentSubsidy => "租房补贴",
        BenefitKind.SettlingInAllowance => "安家费",
        BenefitKind.SocialInsuranceAndHousingFund => "五险一金",
        BenefitKind.SocialInsurance => "社会保险",
        BenefitKind.MealAllowance => "餐补",
        BenefitKind.Shuttle => "班车",
        BenefitKind.YearEndBonus => "年终奖",
        BenefitKind.PaidLeave => "带薪年假",
        BenefitKind.TwoDayWeekend => "双休",
        BenefitKind.Training => "岗前培训",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Kinds that put a roof over the graduate's head (or pay for one).</summary>
    public static bool IsHousing(BenefitKind kind) => kind is BenefitKind.TalentApartment or BenefitKind.StaffDormitory
        or BenefitKind.AccommodationProvided or BenefitKind.BoardAndLodging or BenefitKind.RentSubsidy
        or BenefitKind.SettlingInAllowance;

    private static void Classify(string phrase, HashSet<BenefitKind> kinds)
    {
        var text = TextNormalizer.FoldWithoutWhitespace(phrase);
        var consumed = new bool[text.Length];
        foreach (var (word, kind) in Phrases)
        {
            for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
            {
                if (consumed.AsSpan(at, word.Length).Contains(true))
                {
                    continue;
                }

                consumed.AsSpan(at, word.Length).Fill(true);
                if (!IsNegated(text, at))
                {
                    kinds.Add(kind);
                }
            }
        }
    }

    private static bool IsNegated(string text, int at)
    {
        var before = text[..at];
        return Negations.Any(n => before.EndsWith(n, StringComparison.Ordinal));
    }
}
