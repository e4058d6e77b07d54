namespace GrainSystem.FaultTests.Nemesis;

/// <summary>
/// One fault the nemesis injects into the cluster's processes: put in place (<see cref="InjectAsync"/>), held — for a
/// set time or until the cluster noticed (<see cref="HoldAsync"/>) — and healed (<see cref="HealAsync"/>, which
/// returns once the cluster is whole again: three silos active, Redis and the API answering).
/// </summary>
public abstract class Fault
{
    public abstract string Name { get; }

    public abstract Task InjectAsync(FaultContext context);

    public abstract Task HoldAsync(FaultContext context);

    public abstract Task HealAsync(FaultContext context);

    public override string ToString() => Name;
}
