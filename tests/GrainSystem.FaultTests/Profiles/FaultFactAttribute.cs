namespace GrainSystem.FaultTests.Profiles;

/// <summary>
/// A fault-run test. With <see cref="KnownDefect"/> set it is skipped, naming the defect whose fix it waits for,
/// unless <c>GRAINSYSTEM_FAULTS_KNOWN_DEFECTS=run</c> (to check a fix, or to see the defect).
/// </summary>
public sealed class FaultFactAttribute : FactAttribute
{
    public const string RunKnownDefects = "GRAINSYSTEM_FAULTS_KNOWN_DEFECTS";

    public string? KnownDefect
    {
        get => field;
        set
        {
            field = value;
            if (value is not null && Environment.GetEnvironmentVariable(RunKnownDefects) != "run")
            {
                Skip = $"Known defect, fix pending: {value} (set {RunKnownDefects}=run to run it)";
            }
        }
    }
}
