namespace GrainSystem.Abstractions.Locking;

/// <summary>
/// A grant of a lock (the <see cref="LockAcquireResult.Grant"/> of a <see cref="LockAcquireStatus.Granted"/> answer): the
/// lock is yours until <paramref name="ExpiresAt"/> unless renewed.
/// </summary>
/// <param name="Name">The lock's name.</param>
/// <param name="Token">The owner token: 128 random bits as 32 lowercase hex digits. A secret: renew and release need it.</param>
/// <param name="FencingToken">
/// Larger than every fencing token this lock granted before. Pass it to the resource the lock protects, which
/// rejects any request carrying a token smaller than the largest it has seen.
/// </param>
/// <param name="Owner">The owner label given when acquiring.</param>
/// <param name="ExpiresAt">When the lease ends (the lock's silo clock).</param>
[GenerateSerializer, Immutable]
public sealed record LockGrant(
    [property: Id(0)] string Name,
    [property: Id(1)] string Token,
    [property: Id(2)] long FencingToken,
    [property: Id(3)] string Owner,
    [property: Id(4)] DateTimeOffset ExpiresAt)
{
    /// <summary>Keeps the secret token out of logs and exception messages that print the record.</summary>
    public override string ToString() =>
        $"LockGrant {{ Name = {Name}, FencingToken = {FencingToken}, Owner = {Owner}, ExpiresAt = {ExpiresAt:O} }}";
}
