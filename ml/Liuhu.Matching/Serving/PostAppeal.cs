using Liuhu.Core.Domain;
using Liuhu.Core.Graduates;
using Liuhu.Matching.Features;
using Liuhu.Matching.Ranking;

namespace Liuhu.Matching.Serving;

/// <summary>How the serving scorer rates each post for a 本科 graduate it knows nothing else about: the part of
/// every graduate's ranking that does not depend on who they are (pay, housing, headcount, competition,
/// freshness). The candidate stage keeps the posts rated highest for everyone, because brute-force scoring
/// would put them in almost everyone's top ten whatever the lists say.</summary>
public static class PostAppeal
{
    private static readonly GraduateProfile Unknown = new() { GraduateId = "appeal", Degree = Degree.Bachelor, Consent = new Consent(true, false) };

    public static float[] Of(IReadOnlyList<PostProfile> posts, IScorer model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var scores = new Dictionary<PostProfile, float>(ReferenceEqualityComparer.Instance);
        foreach (var ranked in Ranker.Rank(new SeekerProfile(Unknown, MajorCatalog.Default), posts, model, now))
        {
            scores[ranked.Post] = ranked.Score;
        }

        // The ranker leaves filled posts out: they appeal to no one.
        return posts.Select(p => scores.GetValueOrDefault(p, float.MinValue)).ToArray();
    }
}
