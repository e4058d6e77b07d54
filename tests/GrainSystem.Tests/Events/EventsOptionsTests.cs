using GrainSystem.Testing;
using Microsoft.Extensions.Options;

namespace GrainSystem.Tests.Events;

public sealed class EventsOptionsTests
{
    [Fact]
    public async Task A_silo_with_an_invalid_retention_does_not_start_and_names_the_setting()
    {
        await using var cluster = TestClusters.Build(silos: 1, settings: new Dictionary<string, string?> { ["Events:RetainPerTopic"] = "0" });

        var error = await Record.ExceptionAsync(() => cluster.DeployAsync());

        Assert.NotNull(error);
        var validation = FindValidation(error);
        Assert.Contains("RetainPerTopic", string.Join(" ", validation?.Failures ?? [error.ToString()]));
    }

    private static OptionsValidationException? FindValidation(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is OptionsValidationException validation)
            {
                return validation;
            }

            if (e is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(FindValidation).FirstOrDefault(v => v is not null);
            }
        }

        return null;
    }
}
