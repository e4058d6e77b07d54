using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// The remembered first outcome of an increment sent with an idempotency key: its delta, the counter's value and version
/// after it, and until when it is kept. Stored with the increment itself (in the same group sent to Redis), as the decimal
/// text "delta value version expires-at".
/// </summary>
internal readonly record struct CacheIncrementRecord(long Delta, long Value, long Version, long ExpiresAtMs)
{
    /// <summary>The record's name for <paramref name="idempotencyKey"/> on cache key <paramref name="key"/>: a hash, so any key fits a Redis key.</summary>
    public static string IdOf(string key, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key + "\n" + idempotencyKey)));

    /// <summary>The record of an applied increment, kept until <paramref name="expiresAtMs"/>.</summary>
    public static CacheIncrementRecord Of(long delta, CacheIncrementResult result, long expiresAtMs) =>
        new(delta, result.Value, result.Version, expiresAtMs);

    /// <summary>The answer to a retry with this record's idempotency key: the first outcome for the same delta, else a refusal.</summary>
    public CacheIncrementResult AnswerFor(long delta) => delta == Delta
        ? new CacheIncrementResult { Status = CacheIncrementStatus.Incremented, Value = Value, Version = Version }
        : new CacheIncrementResult { Status = CacheIncrementStatus.IdempotencyKeyReused };

    public byte[] Encode() => Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Delta} {Value} {Version} {ExpiresAtMs}"));

    public static bool TryParse(ReadOnlySpan<byte> text, out CacheIncrementRecord record)
    {
        record = default;
        Span<long> fields = stackalloc long[4];
        var rest = text;
        for (var i = 0; i < fields.Length; i++)
        {
            var end = rest.IndexOf((byte)' ');
            var word = end < 0 ? rest : rest[..end];
            if (!long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out fields[i]) || (end < 0) != (i == fields.Length - 1))
            {
                return false;
            }

            rest = end < 0 ? default : rest[(end + 1)..];
        }

        record = new CacheIncrementRecord(fields[0], fields[1], fields[2], fields[3]);
        return true;
    }
}
