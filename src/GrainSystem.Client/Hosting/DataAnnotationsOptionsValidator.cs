using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GrainSystem.Client.Hosting;

/// <summary>
/// Validates options by their data annotations (this library does without the DataAnnotations options package),
/// each failure described by <paramref name="describe"/> so that it names the setting that is wrong.
/// </summary>
internal sealed class DataAnnotationsOptionsValidator<TOptions>(Func<ValidationResult, string> describe) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(describe));
    }
}
