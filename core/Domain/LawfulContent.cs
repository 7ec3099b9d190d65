using System.Text.RegularExpressions;

namespace Liuhu.Core.Domain;

public enum LawfulnessKind
{
    Gender,
    Ethnicity,
    Religion,
    MaritalOrChildbearing,
    Age,
}

/// <summary>A phrase in a post that restricts candidates by a protected attribute (Employment Promotion Law
/// arts. 3, 26, 27; Women's Rights Law art. 43). Age limits are lawful in China but worth a warning.</summary>
public sealed record LawfulnessFinding(LawfulnessKind Kind, string Phrase)
{
    public bool RejectsRow => Kind != LawfulnessKind.Age;

    public string Code => Kind switch
    {
        LawfulnessKind.Gender => "discrimination.gender",
        LawfulnessKind.Ethnicity => "discrimination.ethnicity",
        LawfulnessKind.Religion => "discrimination.religion",
        LawfulnessKind.MaritalOrChildbearing => "discrimination.marital_status",
        LawfulnessKind.Age => "age_limit",
        _ => throw new InvalidOperationException(),
    };

    public string ChineseMessage => Kind switch
    {
        LawfulnessKind.Gender => $"岗位要求含性别限制“{Phrase}”，违反《就业促进法》第三条、第二十七条及《妇女权益保障法》第四十三条，该行未导入",
        LawfulnessKind.Ethnicity => $"岗位要求含民族限制“{Phrase}”，违反《就业促进法》第三条、第二十八条，该行未导入",
        LawfulnessKind.Religion => $"岗位要求含宗教信仰限制“{Phrase}”，违反《就业促进法》第三条，该行未导入",
        LawfulnessKind.MaritalOrChildbearing => $"岗位要求含婚育状况限制“{Phrase}”，违反《妇女权益保障法》第四十三条，该行未导入",
        LawfulnessKind.Age => $"岗位要求含年龄限制“{Phrase}”，已导入，请确认该限制有合理依据",
        _ => throw new InvalidOperationException(),
    };
}

public static partial class LawfulContent
{
    private static readonly (LawfulnessKind Kind, Regex Pattern)[] Rules =
    [
        (LawfulnessKind.Gender, GenderRestriction()),
        (LawfulnessKind.Gender, GenderPreference()),
        (LawfulnessKind.Ethnicity, EthnicityRestriction()),
        (LawfulnessKind.Religion, ReligionRestriction()),
        (LawfulnessKind.MaritalOrChildbearing, MaritalRestriction()),
        (LawfulnessKind.Age, AgeLimit()),
    ];

    public static IReadOnlyList<LawfulnessFinding> Check(params string?[] texts)
    {
        var findings = new List<LawfulnessFinding>();
        foreach (var text in texts)
        {
            var folded = TextNormalizer.FoldWithoutWhitespace(text);
            if (folded.Length == 0)
            {
                continue;
            }

            foreach (var (kind, pattern) in Rules)
            {
                var match = pattern.Match(folded);
                if (match.Success && !findings.Exists(f => f.Kind == kind))
                {
                    findings.Add(new LawfulnessFinding(kind, match.Value));
                }
            }
        }

        return findings;
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

    [GeneratedRegex(@"(年龄\D{0,6}\d{2}\s*(周)?岁?(以下|以上|以内|之间|-\d{2}岁?)?)|(\d{2}(周)?岁(以下|以上|以内))|(\d{2}[-~至到]\d{2}(周)?岁)")]
    private static partial Regex AgeLimit();
}
