using FieldService.Grains.Intake;
using FieldService.Intake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FieldService.Silo.Intake;

/// <summary>CS1's intake settings and the IMAP mailbox the mailbox grain reads; each silo, once active, makes sure the
/// mailbox's reminder is registered (idempotent), so the reading starts with the cluster and survives any one silo.</summary>
public static class MailIntakeHosting
{
    public static IServiceCollection AddMailIntake(this IServiceCollection services)
    {
        services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>());
        services.AddOptions<MailIntakeOptions>().BindConfiguration(MailIntakeOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailIntakeOptions>, MailIntakeOptionsValidator>());
        services.TryAddSingleton<IMailbox>(provider => provider.GetRequiredService<IOptions<MailIntakeOptions>>().Value.Enabled
            ? ActivatorUtilities.CreateInstance<ImapMailbox>(provider)
            : new NoMailbox());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MailIntakeStart>();
        return services;
    }
}

/// <summary>Registers the mailbox's reminder when the silo becomes active (nothing when no mailbox is configured).</summary>
internal sealed class MailIntakeStart(IGrainFactory grains, IOptions<MailIntakeOptions> options) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<MailIntakeStart>(ServiceLifecycleStage.Active, async _ =>
        {
            if (options.Value.Enabled)
            {
                await grains.GetGrain<IMailboxGrain>(IMailboxGrain.Default).StartAsync();
            }
        });
}
