using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Api.Resp.Keyspace;

/// <summary>What running a plan gave: each operation's result, or the error reply of its partition's batch.</summary>
internal sealed class CacheOutcome(CacheOperationResult[] results, string?[]? errors)
{
    public static readonly CacheOutcome Empty = new([], null);

    public ReadOnlySpan<CacheOperationResult> Results(int from, int count) => results.AsSpan(from, count);

    /// <summary>The first error among operations [from, from + count), or null when they all ran.</summary>
    public string? Error(int from, int count)
    {
        if (errors is null)
        {
            return null;
        }

        for (var i = from; i < from + count; i++)
        {
            if (errors[i] is { } error)
            {
                return error;
            }
        }

        return null;
    }
}
