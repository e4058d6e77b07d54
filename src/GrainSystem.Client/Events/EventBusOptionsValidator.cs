using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GrainSystem.Client.Events;

/// <summary>Validates <see cref="EventBusOptions"/> by its data annotations, naming the setting that is wrong.</summary>
internal sealed class EventBusOptionsValidator : IValidateOptions<EventBusOptions>
{
    public ValidateOptionsResult Validate(string? name, EventBusOptions options)
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(results.Select(r =>
                $"{EventBusOptions.SectionName}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
    }
}
