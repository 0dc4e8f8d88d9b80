using FieldService.Grains.Common;
using FieldService.Silo.Hosting;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace FieldService.Tests.Infrastructure;

/// <summary>
/// A cluster of its own whose grain storage can be told to fail a write (issue 12 point 2). The records storage is
/// Orleans' fault-injection memory storage, holding state in the platform's plain JSON as PostgreSQL does, so a grain
/// that reloads after a failed write reads what a durable deployment would hand it.
/// </summary>
public sealed class WriteFailureClusterFixture : ClusterFixture
{
    /// <summary>Carried by every planned failure, so a test can tell it from any other error.</summary>
    public const string InjectedMessage = "injected write failure";

    protected override void AddStorage(ISiloBuilder silo)
    {
        silo.AddFaultInjectionMemoryStorage(
            StorageNames.Records,
            memory => memory.GrainStorageSerializer = new JsonGrainStorageSerializer(),
            // The default adds 10 ms of real time to every read and write; nothing here needs it.
            faults => faults.Latency = TimeSpan.Zero);
        silo.UseInMemoryReminderService();
    }

    /// <summary>
    /// Fails the next write of <paramref name="grain"/>'s state named <paramref name="stateName"/> (the name in its
    /// <c>[PersistentState]</c>): the fault storage asks the fault grain keyed by that name before every write, and the
    /// fault grain forgets a planned failure once it has thrown it, so only that one write fails.
    /// </summary>
    public Task FailNextWriteAsync(string stateName, IAddressable grain) =>
        Grains.GetGrain<IStorageFaultGrain>(stateName).AddFaultOnWrite(grain.GetGrainId(), new InvalidOperationException($"{InjectedMessage} of {stateName}"));
}
