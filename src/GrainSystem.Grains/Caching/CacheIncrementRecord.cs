using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GrainSystem.Abstractions.Caching;

namespace GrainSystem.Grains.Caching;

/// <summary>
/// The remembered first outcome of an increment sent with an idempotency key: its delta, the counter's value and version
/// after it (or, for an increment refused because the value is no counter or would overflow, that refusal and the version
/// it saw), and until when it is kept. Stored with the increment itself (in the same group sent to Redis), as the decimal
/// text "delta value version expires-at", followed by " status" for a refusal.
/// </summary>
internal readonly record struct CacheIncrementRecord(long Delta, long Value, long Version, long ExpiresAtMs,
    CacheIncrementStatus Status = CacheIncrementStatus.Incremented)
{
    /// <summary>The record's name for <paramref name="idempotencyKey"/> on cache key <paramref name="key"/>: a hash, so any key fits a Redis key.</summary>
    public static string IdOf(string key, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key + "\n" + idempotencyKey)));

    /// <summary>Whether <paramref name="result"/> is a first outcome a retry must get again (applied, or refused for the value).</summary>
    public static bool Remembers(CacheIncrementResult result) =>
        result.Status is CacheIncrementStatus.Incremented or CacheIncrementStatus.NotAnInteger or CacheIncrementStatus.Overflow;

    /// <summary>The record of a decided increment (see <see cref="Remembers"/>), kept until <paramref name="expiresAtMs"/>.</summary>
    public static CacheIncrementRecord Of(long delta, CacheIncrementResult result, long expiresAtMs) =>
        new(delta, result.Value, result.Version, expiresAtMs, result.Status);

    /// <summary>The answer to a retry with this record's idempotency key: the first outcome for the same delta, else a refusal.</summary>
    public CacheIncrementResult AnswerFor(long delta) => delta == Delta
        ? new CacheIncrementResult { Status = Status, Value = Value, Version = Version }
        : new CacheIncrementResult { Status = CacheIncrementStatus.IdempotencyKeyReused };

    public byte[] Encode() => Encoding.ASCII.GetBytes(Status == CacheIncrementStatus.Incremented
        ? string.Create(CultureInfo.InvariantCulture, $"{Delta} {Value} {Version} {ExpiresAtMs}")
        : string.Create(CultureInfo.InvariantCulture, $"{Delta} {Value} {Version} {ExpiresAtMs} {(int)Status}"));

    public static bool TryParse(ReadOnlySpan<byte> text, out CacheIncrementRecord record)
    {
        record = default;
        Span<long> fields = stackalloc long[5];
        var count = 0;
        foreach (var range in text.Split((byte)' '))
        {
            if (count == fields.Length
                || !long.TryParse(text[range], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out fields[count++]))
            {
                return false;
            }
        }

        var status = count == 5 ? (CacheIncrementStatus)fields[4] : CacheIncrementStatus.Incremented;
        if (count < 4 || (count == 5 && status is not (CacheIncrementStatus.NotAnInteger or CacheIncrementStatus.Overflow)))
        {
            return false;
        }

        record = new CacheIncrementRecord(fields[0], fields[1], fields[2], fields[3], status);
        return true;
    }
}
