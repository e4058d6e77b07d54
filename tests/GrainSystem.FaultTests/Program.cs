namespace GrainSystem.FaultTests;

/// <summary>The long profile: <c>dotnet run --project tests/GrainSystem.FaultTests -c Release -- --minutes N</c>.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine(string.Join(' ', args));
        return 0;
    }
}
