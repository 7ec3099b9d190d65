using Liuhu.Core.Domain;
using Liuhu.Core.Outcomes;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;

namespace Liuhu.Matching.Tests.Ranking;

public class TrainingDataTests
{
    [Fact]
    public void Build_FurthestEventIsLabel_OwnApplicationNotCountedAsCompetition()
    {
        var post = new PostProfile(Samples.Post(headcount: 1), MajorCatalog.Default) { Applications = 1 };
        var graduate = Samples.Graduate();
        var outcomes = new[]
        {
            new Outcome("G1", post.Vacancy.VacancyId, OutcomeEvent.Shown, Samples.Now),
            new Outcome("G1", post.Vacancy.VacancyId, OutcomeEvent.Applied, Samples.Now),
            new Outcome("G1", post.Vacancy.VacancyId, OutcomeEvent.Interviewed, Samples.Now),
            new Outcome("G1", post.Vacancy.VacancyId, OutcomeEvent.Rejected, Samples.Now),
        };

        var pair = Assert.Single(TrainingData.Build(outcomes, new Dictionary<string, Core.Graduates.GraduateProfile> { ["G1"] = graduate },
            new Dictionary<string, PostProfile> { [post.Vacancy.VacancyId] = post }, Samples.Now));

        Assert.Equal(2, pair.Label); // interviewed; a later rejection does not take it back
        Assert.Equal(0, pair.Features[Array.IndexOf(PairFeatures.Names, "ApplicationsPerOpening")]); // the only application is its own
    }

    [Fact]
    public void Build_ErasedGraduate_DropsOut()
    {
        var post = new PostProfile(Samples.Post(), MajorCatalog.Default);
        var pairs = TrainingData.Build([new Outcome("gone", post.Vacancy.VacancyId, OutcomeEvent.Hired, Samples.Now)],
            new Dictionary<string, Core.Graduates.GraduateProfile>(), new Dictionary<string, PostProfile> { [post.Vacancy.VacancyId] = post }, Samples.Now);
        Assert.Empty(pairs);
    }
}
