using Liuhu.Matching.Ranking;
using Liuhu.Matching.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Matching;

public static class ServiceCollectionExtensions
{
    /// <summary>Matching, outcomes and training; call after AddLiuhuCore.</summary>
    public static IServiceCollection AddLiuhuMatching(this IServiceCollection services)
    {
        services.AddOptions<MatchingOptions>().BindConfiguration(MatchingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ModelRepository>();
        services.AddSingleton<MatchingState>();
        services.AddSingleton<ImpressionLog>();
        services.AddSingleton<MatchService>();
        services.AddSingleton<CandidateService>();
        services.AddSingleton<OutcomeService>();
        services.AddSingleton<TrainingService>();
        services.AddSingleton<TrainingQueue>();
        return services;
    }
}
