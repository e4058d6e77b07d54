using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GrainSystem.Grains.Hosting;

/// <summary>Binds and validates options that are needed while the host is still being built.</summary>
public static class OptionsBinding
{
    /// <summary>Binds <paramref name="sectionName"/> and validates it now, naming the setting that is wrong.</summary>
    public static T BindValidated<T>(this IConfiguration configuration, string sectionName) where T : class, new()
    {
        var options = new T();
        configuration.GetSection(sectionName).Bind(options);
        var failures = new List<string>();
        Collect(options, sectionName, failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(sectionName, typeof(T), failures);
        }

        return options;
    }

    private static void Collect(object options, string path, List<string> failures)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        failures.AddRange(results.Select(r =>
            $"{path}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        foreach (var property in options.GetType().GetProperties())
        {
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string)
                && property.PropertyType.Namespace == options.GetType().Namespace
                && property.GetValue(options) is { } nested)
            {
                Collect(nested, $"{path}:{property.Name}", failures);
            }
        }
    }
}
