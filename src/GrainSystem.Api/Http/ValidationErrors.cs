using Microsoft.AspNetCore.Http.HttpResults;

namespace GrainSystem.Api.Http;

/// <summary>Collects field errors at the edge so one request reports every wrong field at once.</summary>
public sealed class ValidationErrors
{
    // Made on the first error: a valid request (nearly every one) allocates nothing here.
    private Dictionary<string, List<string>>? _errors;

    public bool Any => _errors is { Count: > 0 };

    /// <summary>Records <paramref name="message"/> for <paramref name="field"/> unless <paramref name="valid"/>.</summary>
    public ValidationErrors Check(bool valid, string field, string message)
    {
        if (!valid)
        {
            Add(field, message);
        }

        return this;
    }

    public ValidationErrors Add(string field, string message)
    {
        _errors ??= new(StringComparer.Ordinal);
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public ProblemHttpResult ToProblem() =>
        Problems.Validation((_errors ?? []).ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
