using GrainSystem.Testing;
using Microsoft.Extensions.Options;

namespace GrainSystem.Tests.Events;

public sealed class EventsOptionsTests
{
    [Theory]
    [InlineData("RetainPerTopic", "0")]
    [InlineData("MaxOutboxBytes", "1000")]
    public async Task A_silo_with_an_invalid_setting_does_not_start_and_names_it(string setting, string value)
    {
        await using var cluster = TestClusters.Build(silos: 1, settings: new Dictionary<string, string?> { [$"Events:{setting}"] = value });

        var error = await Record.ExceptionAsync(() => cluster.DeployAsync());

        Assert.NotNull(error);
        var validation = FindValidation(error);
        Assert.Contains(setting, string.Join(" ", validation?.Failures ?? [error.ToString()]));
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
