using GrainSystem.Grains.Jobs.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GrainSystem.Grains.Jobs;

/// <summary>Silo-side registration of the Jobs feature.</summary>
public static class JobsSiloBuilderExtensions
{
    /// <summary>
    /// <see cref="JobOptions"/> (section <c>Jobs</c>, validated at start), the built-in chunk operations (and the test
    /// operations when <c>Jobs:EnableTestOperations</c>), and a minimum reminder period short enough for
    /// <see cref="JobOptions.ResumeCheckPeriod"/> and <see cref="JobOptions.FinishedRetention"/>.
    /// </summary>
    public static ISiloBuilder AddGrainSystemJobs(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        services.AddOptions<JobOptions>()
            .BindConfiguration(JobOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobOptions>, JobOptionsValidator>());

        // The reminder period and the test operations are needed while the silo is being built.
        var options = configuration.GetJobOptions();

        // Orleans rejects reminder periods below ReminderOptions.MinimumReminderPeriod (1 minute by default).
        var shortestPeriod = options.ResumeCheckPeriod < options.FinishedRetention ? options.ResumeCheckPeriod : options.FinishedRetention;
        silo.Configure<ReminderOptions>(o =>
        {
            if (o.MinimumReminderPeriod > shortestPeriod)
            {
                o.MinimumReminderPeriod = shortestPeriod;
            }
        });

        services.AddSingleton<ChunkOperationCatalog>();
        services.AddSingleton<ChunkCancellations>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddChunkOperation<SquareOperation>();
        services.AddChunkOperation<SumOperation>();
        services.AddChunkOperation<Sha256Operation>();
        services.AddChunkOperation<WordCountOperation>();
        services.AddChunkOperation<PrimesOperation>();
        if (options.EnableTestOperations)
        {
            services.AddSingleton<TestOperationJournal>();
            services.AddChunkOperation<SleepOperation>();
            services.AddChunkOperation<FlakyOperation>();
        }

        return silo;
    }

    /// <summary>The Jobs settings read while the silo is being built, validated as they are at start.</summary>
    internal static JobOptions GetJobOptions(this IConfiguration configuration) =>
        configuration.GetValidated(JobOptions.SectionName, new JobOptionsValidator());
}
