using System.Buffers;
using System.Text.RegularExpressions;

namespace Liuhu.Core.Domain;

public enum LawfulnessKind
{
    Gender,
    Ethnicity,
    Religion,
    MaritalOrChildbearing,
    Residency,
    InfectiousDiseaseCarrier,
    Disability,
    RuralOrigin,
    Age,
}

/// <summary>A phrase in a post that restricts candidates by a protected attribute (Employment Promotion Law
/// arts. 3, 26–31; Women's Rights Law art. 43) or by 户籍, which graduate hiring in provincial capitals such as
/// Hohhot may not require (国办发〔2014〕22号; every post here is a graduate post). Age limits are lawful in China
/// but worth a warning.</summary>
public sealed record LawfulnessFinding(LawfulnessKind Kind, string Phrase)
{
    public bool RejectsRow => Kind != LawfulnessKind.Age;

    public string Code => Kind switch
    {
        LawfulnessKind.Gender => "discrimination.gender",
        LawfulnessKind.Ethnicity => "discrimination.ethnicity",
        LawfulnessKind.Religion => "discrimination.religion",
        LawfulnessKind.MaritalOrChildbearing => "discrimination.marital_status",
        LawfulnessKind.Residency => "discrimination.residency",
        LawfulnessKind.InfectiousDiseaseCarrier => "discrimination.disease_carrier",
        LawfulnessKind.Disability => "discrimination.disability",
        LawfulnessKind.RuralOrigin => "discrimination.rural_origin",
        LawfulnessKind.Age => "age_limit",
        _ => throw new InvalidOperationException(),
    };

    public string ChineseMessage => Kind switch
    {
        LawfulnessKind.Gender => $"岗位要求含性别限制“{Phrase}”，违反《就业促进法》第三条、第二十七条及《妇女权益保障法》第四十三条，该行未导入",
        LawfulnessKind.Ethnicity => $"岗位要求含民族限制“{Phrase}”，违反《就业促进法》第三条、第二十八条，该行未导入",
        LawfulnessKind.Religion => $"岗位要求含宗教信仰限制“{Phrase}”，违反《就业促进法》第三条，该行未导入",
        LawfulnessKind.MaritalOrChildbearing => $"岗位要求含婚育状况限制“{Phrase}”，违反《妇女权益保障法》第四十三条，该行未导入",
        LawfulnessKind.Residency => $"岗位要求含户籍限制“{Phrase}”，违反《国务院办公厅关于做好2014年全国普通高等学校毕业生就业创业工作的通知》（国办发〔2014〕22号）：省会及以下城市用人单位招聘应届毕业生不得将户籍作为限制性条件，该行未导入",
        LawfulnessKind.InfectiousDiseaseCarrier => $"岗位要求含传染病病原携带者限制“{Phrase}”，违反《就业促进法》第三十条，该行未导入",
        LawfulnessKind.Disability => $"岗位要求含残疾限制“{Phrase}”，违反《就业促进法》第二十九条及《残疾人保障法》第三十八条，该行未导入",
        LawfulnessKind.RuralOrigin => $"岗位要求含城乡户口限制“{Phrase}”，违反《就业促进法》第三十一条，该行未导入",
        LawfulnessKind.Age => $"岗位要求含年龄限制“{Phrase}”，已导入，请确认该限制有合理依据",
        _ => throw new InvalidOperationException(),
    };
}

public static partial class LawfulContent
{
    /// <summary>Each rule with the characters of which every phrase it matches holds at least one: a text
    /// holding none of them cannot match, so the pattern is not run. Most cells hold none of any rule's, and the
    /// regular expressions were most of the cost of checking a ledger row
    /// (<c>LawfulContentTests.Check_PrefilterAgreesWithPatternsAlone</c> holds the sets to their patterns).</summary>
    private static readonly (LawfulnessKind Kind, Regex Pattern, SearchValues<char> Needs)[] Rules =
    [
        (LawfulnessKind.Gender, GenderRestriction(), SearchValues.Create("男女")),
        (LawfulnessKind.Gender, GenderPreference(), SearchValues.Create("男女")),
        (LawfulnessKind.Ethnicity, EthnicityRestriction(), SearchValues.Create("族")),
        (LawfulnessKind.Religion, ReligionRestriction(), SearchValues.Create("教徒林")),
        (LawfulnessKind.MaritalOrChildbearing, MaritalRestriction(), SearchValues.Create("婚育孕")),
        (LawfulnessKind.RuralOrigin, RuralOriginRestriction(), SearchValues.Create("户源劳")),
        (LawfulnessKind.Residency, ResidencyRestriction(), SearchValues.Create("户源")),
        (LawfulnessKind.Residency, ResidencyPreference(), SearchValues.Create("户源")),
        (LawfulnessKind.InfectiousDiseaseCarrier, DiseaseCarrierRestriction(), SearchValues.Create("肝阳病半")),
        (LawfulnessKind.Disability, DisabilityRestriction(), SearchValues.Create("全残")),
        (LawfulnessKind.Age, AgeLimit(), SearchValues.Create("龄岁")),
    ];

    public static IReadOnlyList<LawfulnessFinding> Check(params string?[] texts) => Check(texts, prefilter: true);

    /// <summary>The rules' patterns as written, for tests that build texts from their pieces.</summary>
    internal static IEnumerable<string> PatternSources => Rules.Select(r => r.Pattern.ToString());

    /// <summary><paramref name="prefilter"/> false runs every pattern on every text: only for the test that
    /// proves the prefilter changes nothing.</summary>
    internal static IReadOnlyList<LawfulnessFinding> Check(string?[] texts, bool prefilter)
    {
        ArgumentNullException.ThrowIfNull(texts);
        List<LawfulnessFinding>? findings = null;
        foreach (var text in texts)
        {
            var folded = TextNormalizer.FoldWithoutWhitespace(text);
            if (folded.Length == 0)
            {
                continue;
            }

            foreach (var (kind, pattern, needs) in Rules)
            {
                if (prefilter && !folded.AsSpan().ContainsAny(needs))
                {
                    continue;
                }

                // No lambda here: one capturing the loop's kind would be allocated on every rule of every text.
                var match = pattern.Match(folded);
                if (match.Success && !Found(findings ??= [], kind))
                {
                    findings.Add(new LawfulnessFinding(kind, match.Value));
                }
            }
        }

        return findings ?? (IReadOnlyList<LawfulnessFinding>)[];
    }

    private static bool Found(List<LawfulnessFinding> findings, LawfulnessKind kind)
    {
        foreach (var finding in findings)
        {
            if (finding.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"(限|仅限|只限|只招|仅招|要求|需|须)(男|女)(性|士|生)?(?!女|男|不限)")]
    private static partial Regex GenderRestriction();

    [GeneratedRegex(@"(?<!男|女)(男|女)(性|士|生)?优先")]
    private static partial Regex GenderPreference();

    [GeneratedRegex(@"((限|仅限|只限|只招|仅招)(汉|蒙古|蒙|回|满|藏|维吾尔|壮|朝鲜|达斡尔|鄂温克|鄂伦春|少数民)族)|((汉|蒙古|蒙|回|满|藏|维吾尔|壮|朝鲜|达斡尔|鄂温克|鄂伦春|少数民)族(优先|人士优先|考生优先|者优先))")]
    private static partial Regex EthnicityRestriction();

    [GeneratedRegex(@"(无宗教信仰|不信(仰)?(宗)?教|信仰(佛|道|伊斯兰|基督|天主)?教|(佛|道|伊斯兰|基督|天主)教(徒|信徒)?(优先|者优先)|(穆斯林|基督徒|佛教徒)优先|(限|仅限)(佛|道|伊斯兰|基督|天主)教)")]
    private static partial Regex ReligionRestriction();

    [GeneratedRegex(@"(已婚已育|已婚未育|未婚未育|已婚|未婚|已育|未育|(暂无|近期无|[一二三两]年内无|[一二三两]年内不)(生育|怀孕|结婚|婚育)(计划)?|不得(怀孕|生育))")]
    private static partial Regex MaritalRestriction();

    // 限本地户口, 仅限本市户籍, 须具有呼和浩特市常住户口, 限呼市户口, 限内蒙古生源; not 户籍不限 or 不限户籍.
    [GeneratedRegex(@"(?<!不)(限|仅限|只限|只招|仅招|要求|需|须)(具有|持有|为)?(本地|本市|本省|本区|本地区|呼和浩特市?|呼市|内蒙古(自治区)?|自治区)(常住)?(户口|户籍|生源)")]
    private static partial Regex ResidencyRestriction();

    // 本市户籍优先, 本地户口者优先, 呼和浩特户籍优先, 本地生源优先.
    [GeneratedRegex(@"(本地|本市|本省|本区|呼和浩特市?|呼市|内蒙古(自治区)?)(常住)?(户口|户籍|生源)(者|人员|考生)?优先")]
    private static partial Regex ResidencyPreference();

    // 乙肝携带者勿扰, 乙肝表面抗原阳性者不予录用, 无乙肝, 乙肝两对半阴性, 非传染病病原携带者; not 乙肝疫苗.
    [GeneratedRegex(@"((乙肝|乙型肝炎|大三阳|小三阳|传染病)(病毒|病原)?(携带者?|表面抗原阳性|阳性)[^，,。；;]{0,6})|((无|非)(乙肝|乙型肝炎|传染病病原携带))|((乙肝|乙肝五项|乙肝两对半|两对半)[^，,。；;]{0,4}(阴性|正常))")]
    private static partial Regex DiseaseCarrierRestriction();

    // 身体健全, 肢体健全, 无残疾, 残疾人勿扰, 非残疾人.
    [GeneratedRegex(@"(身体健全|肢体健全|四肢健全|无(任何)?残疾|非残疾人?|残疾人?(勿扰|不予考虑|除外|免谈|谢绝|不要|不予录用))")]
    private static partial Regex DisabilityRestriction();

    // 限城镇户口, 非农户口, 农村户口勿扰, 城镇户籍优先.
    [GeneratedRegex(@"(((限|仅限|只限|只招|要求|需|须)?(城镇|城市|非农业?)(户口|户籍)(者|人员)?(优先)?)|((农村|农业)(户口|户籍|生源|劳动者)(者|人员)?(勿扰|不予考虑|除外|免谈|谢绝|不要|不予录用|不招)))")]
    private static partial Regex RuralOriginRestriction();

    [GeneratedRegex(@"(年龄\D{0,6}\d{2}\s*(周)?岁?(以下|以上|以内|之间|-\d{2}岁?)?)|(\d{2}(周)?岁(以下|以上|以内))|(\d{2}[-~至到]\d{2}(周)?岁)")]
    private static partial Regex AgeLimit();
}
