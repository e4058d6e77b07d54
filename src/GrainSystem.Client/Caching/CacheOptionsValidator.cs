using System.ComponentModel.DataAnnotations;
using GrainSystem.Abstractions.Caching;
using Microsoft.Extensions.Options;

namespace GrainSystem.Client.Caching;

/// <summary>Validates <see cref="CacheOptions"/> by its data annotations, whose messages name each setting.</summary>
internal sealed class CacheOptionsValidator : IValidateOptions<CacheOptions>
{
    public ValidateOptionsResult Validate(string? name, CacheOptions options)
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(r => r.ErrorMessage ?? "Cache options are not valid."));
    }
}
