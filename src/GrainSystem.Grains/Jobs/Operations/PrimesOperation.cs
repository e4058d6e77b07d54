using System.Text.Json;
using System.Text.Json.Nodes;

namespace GrainSystem.Grains.Jobs.Operations;

/// <summary><c>primes</c>: flags each integer as prime or not by trial division (deliberately CPU-heavy).</summary>
public sealed class PrimesOperation : ItemOperation
{
    /// <summary>Largest item accepted: trial division up to its square root (10^7) keeps one item's cost bounded.</summary>
    public const long MaxItem = 100_000_000_000_000;

    public override string Name => "primes";

    public override string Description =>
        $"Flags each integer from 0 to {MaxItem} as prime (true) or not (false), by trial division (CPU-heavy).";

    protected override JsonNode? Map(JsonElement item, ChunkContext context)
    {
        var n = JsonItems.Integer(item);
        if (n is < 0 or > MaxItem)
        {
            throw new InvalidItemException($"expected an integer from 0 to {MaxItem}, got {n}");
        }

        return JsonValue.Create(IsPrime(n));
    }

    /// <summary>Trial division by 2, 3 and 6k ± 1.</summary>
    public static bool IsPrime(long n)
    {
        if (n < 4)
        {
            return n >= 2;
        }

        if (n % 2 == 0 || n % 3 == 0)
        {
            return false;
        }

        for (long d = 5; d * d <= n; d += 6)
        {
            if (n % d == 0 || n % (d + 2) == 0)
            {
                return false;
            }
        }

        return true;
    }
}
