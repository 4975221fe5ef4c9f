using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AoTech.Ecs.Aws;
using AoTech.Ecs.Stack;
using AoTech.Ecs.Stack.Converge;
using AoTech.Ecs.Stack.Planning;
using AoTech.Ecs.Tests.Aws.Live.Dtos;

namespace AoTech.Ecs.Tests.Stack.Live
{
    /// <summary>Every call a connection makes; <see cref="Mutating"/> lists those that change something.</summary>
    internal sealed class CallLog : IAwsCallObserver
    {
        public ConcurrentQueue<AwsCallRecord> Records { get; } = new ConcurrentQueue<AwsCallRecord>();
        public void OnCall(AwsCallRecord record) => Records.Enqueue(record);

        public void Clear()
        {
            while (Records.TryDequeue(out _)) { }
        }

        /// <summary>"service:Operation" of every call that is not a read (Describe/List/Get...).</summary>
        public List<string> Mutating() => Records.Where(r => !AwsConnection.IsReadOnly(r.Operation))
            .Select(r => r.Service + ":" + r.Operation).ToList();

        /// <summary>"service:Operation" of every call, reads included.</summary>
        public List<string> All() => Records.Select(r => r.Service + ":" + r.Operation).ToList();
    }

    /// <summary>What the live stack tests share: names, a hosted zone, a task definition file moto accepts, a full deploy.</summary>
    internal static class StackLiveKit
    {
        public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N").Substring(0, 8);

        /// <summary>A new public hosted zone; returns its name.</summary>
        public static async Task<string> ZoneAsync(AwsConnection aws)
        {
            var zone = Unique("z") + ".example";
            await aws.SendAsync(new CreateHostedZoneRequest { Name = zone, CallerReference = Guid.NewGuid().ToString() }, default);
            return zone;
        }

        /// <summary>
        /// Writes the sample task definition to a temporary file and returns its path. moto insists on a hard memory limit
        /// for EC2 task definitions (AWS also accepts memoryReservation alone).
        /// </summary>
        public static string WriteTaskDefinition()
        {
            var file = Path.Combine(Path.GetTempPath(), Path.GetRandomFileName() + ".json");
            File.WriteAllText(file, TaskDefinitionFileTests.Sample.Replace("\"memoryReservation\": 128", "\"memory\": 128"));
            return file;
        }

        /// <summary>Plans and applies every group, as New-AoEcsApp -Confirm:$false does (without the lock).</summary>
        public static async Task<AoEcsApp> DeployAsync(EcsAppStack stack, AppSpec spec)
        {
            var prepared = await stack.PrepareAsync(spec, default);
            return await stack.ApplyAsync(prepared, new HashSet<ResourceGroup>(prepared.Plan.Groups), default);
        }

        /// <summary>Removes the app, as Remove-AoEcsApp -Confirm:$false does, and checks that nothing of it is left.</summary>
        public static async Task RemoveAsync(EcsAppStack stack, string app)
        {
            await stack.RemoveAsync(await stack.PlanRemovalAsync(app, default), default);
            Xunit.Assert.True((await stack.PlanRemovalAsync(app, default)).IsEmpty);
        }
    }
}
