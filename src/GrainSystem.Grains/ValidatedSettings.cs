using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GrainSystem.Grains;

/// <summary>
/// Settings a host needs while it is being built, before options exist (ports for clustering, which operations to
/// register): bound with the configuration binder and checked by the validators the options pipeline runs at start,
/// so a bad value stops the build with the same message naming its setting.
/// </summary>
public static class ValidatedSettings
{
    /// <summary>
    /// Binds <paramref name="sectionName"/> onto a new <typeparamref name="T"/> (absent keys keep their defaults) and
    /// checks its data annotations, then <paramref name="validators"/>.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is not valid; the message lists every failure.</exception>
    public static T GetValidated<T>(this IConfiguration configuration, string sectionName, params IEnumerable<IValidateOptions<T>> validators)
        where T : class, new()
    {
        var options = configuration.GetSection(sectionName).Get<T>() ?? new T();
        var failures = validators
            .Prepend(new DataAnnotationValidateOptions<T>(Options.DefaultName))
            .Select(validator => validator.Validate(Options.DefaultName, options))
            .Where(result => result.Failed)
            .SelectMany(result => result.Failures ?? [])
            .ToList();
        return failures.Count == 0 ? options : throw new OptionsValidationException(Options.DefaultName, typeof(T), failures);
    }
}
