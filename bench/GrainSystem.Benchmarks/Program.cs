using GrainSystem.Benchmarks.Suite;

// dotnet run -c Release --project bench/GrainSystem.Benchmarks -- all [--quick|--smoke] [--json FILE] [--only a,b]
if (args is ["targets"])
{
    Console.WriteLine(MarkdownTable.WriteTargets());
    return 0;
}

var names = SuiteRunner.Scenarios.Select(s => s.Name).ToList();
if (SuiteOptions.Parse(args, names, out var error) is not { } options)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(SuiteOptions.Usage);
    Console.Error.WriteLine("scenarios: " + string.Join(", ", names));
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var result = await SuiteRunner.RunAsync(options, cancel.Token);
Console.WriteLine(MarkdownTable.Write(result));
if (options.Json is { } json)
{
    await JsonReport.WriteAsync(result, json);
    Console.Error.WriteLine($"(rows written to {json})");
}

// A target missed is a finding, never a failure; a scenario that could not run is.
return result.Failures.Count == 0 ? 0 : 1;
