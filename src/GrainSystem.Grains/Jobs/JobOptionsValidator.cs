using Microsoft.Extensions.Options;

namespace GrainSystem.Grains.Jobs;

/// <summary>The rules of <see cref="JobOptions"/> that span settings; each range is on its property.</summary>
public sealed class JobOptionsValidator : IValidateOptions<JobOptions>
{
    public ValidateOptionsResult Validate(string? name, JobOptions options) =>
        options.RetryMaxDelay < options.RetryBaseDelay
            ? ValidateOptionsResult.Fail(
                $"Jobs:RetryMaxDelay (Jobs__RetryMaxDelay) must be at least Jobs:RetryBaseDelay ({options.RetryBaseDelay}).")
            : ValidateOptionsResult.Success;
}
