using Liuhu.Core;
using Liuhu.Functions.Http;
using Liuhu.Matching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Liuhu.Functions;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>Everything the function classes need. Program.cs and the dev host both call this one method,
    /// so the two hosts cannot drift apart in what they register.</summary>
    public static IServiceCollection AddLiuhuFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLiuhuCore(configuration).AddLiuhuMatching();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ClientRateLimiter>();
        services.AddSingleton<RoutePolicies>();
        services.AddSingleton<RequestPipeline>();
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName)
            .Validate(o => o.IsValid, "Api:PublicBaseUrl must be an absolute http(s) URL.").ValidateOnStart();
        services.AddSingleton<PublicLinks>();
        return services;
    }
}
