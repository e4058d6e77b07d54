using System.Security.Cryptography;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// The fill leases of one partition: at most one per key. A lease ends when its key is written (waiters then
/// read the value), when its holder releases it, or when it lapses (the next waiter then takes a new one).
/// Used only on the owning activation's turns.
/// </summary>
internal sealed class FillLeases
{
    private readonly Dictionary<string, FillLease> _leases = new(StringComparer.Ordinal);

    /// <summary>The live lease of <paramref name="key"/>, if any; a lapsed one is dropped.</summary>
    public FillLease? Current(string key, long nowMs)
    {
        if (!_leases.TryGetValue(key, out var lease))
        {
            return null;
        }

        if (lease.ExpiresAtMs > nowMs)
        {
            return lease;
        }

        End(key, lease);
        return null;
    }

    public FillLease Grant(string key, long nowMs, TimeSpan duration)
    {
        var lease = new FillLease(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), nowMs + (long)duration.TotalMilliseconds);
        _leases[key] = lease;
        return lease;
    }

    /// <summary>The key was written: its lease (whoever holds it) ends and its waiters wake to read the value.</summary>
    public void Filled(string key)
    {
        if (_leases.Count > 0 && _leases.TryGetValue(key, out var lease))
        {
            End(key, lease);
        }
    }

    /// <summary>The holder gives up (its factory failed): waiters wake and the first one takes a new lease.</summary>
    public void Release(string key, string token)
    {
        if (_leases.TryGetValue(key, out var lease) && lease.Token == token)
        {
            End(key, lease);
        }
    }

    public void DropLapsed(long nowMs)
    {
        if (_leases.Count == 0)
        {
            return;
        }

        foreach (var (key, lease) in _leases.Where(l => l.Value.ExpiresAtMs <= nowMs).ToList())
        {
            End(key, lease);
        }
    }

    private void End(string key, FillLease lease)
    {
        _leases.Remove(key);
        lease.Ended.TrySetResult();
    }
}

/// <summary>One fill lease: the token its holder presents, when it lapses, and the signal its waiters await.</summary>
internal sealed class FillLease(string token, long expiresAtMs)
{
    public string Token { get; } = token;

    public long ExpiresAtMs { get; } = expiresAtMs;

    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
