using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace AoTech.Ecs.PowerShell.Infrastructure
{
    /// <summary>
    /// Runs a cmdlet's work on the thread pool while only the pipeline thread talks to PowerShell.
    /// Worker code posts output, errors, progress and confirmation prompts to a queue; the pipeline thread drains it
    /// until the work finishes. StopProcessing (Ctrl+C) cancels the token handed to every call.
    /// </summary>
    public abstract class AoAsyncCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private BlockingCollection<Action>? _queue;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        protected CancellationToken StopToken => _stop.Token;

        protected virtual Task BeginProcessingAsync(CancellationToken ct) => Task.CompletedTask;
        protected virtual Task ProcessRecordAsync(CancellationToken ct) => Task.CompletedTask;
        protected virtual Task EndProcessingAsync(CancellationToken ct) => Task.CompletedTask;

        protected sealed override void BeginProcessing()
        {
            OnPipelineThreadStart();
            Run(BeginProcessingAsync);
        }

        /// <summary>Runs on the pipeline thread before any work: the place to read session state (variables, paths).</summary>
        protected virtual void OnPipelineThreadStart() { }
        protected sealed override void ProcessRecord() => Run(ProcessRecordAsync);
        protected sealed override void EndProcessing() => Run(EndProcessingAsync);
        protected override void StopProcessing() => _stop.Cancel();

        public void PostObject(object? value) => Post(() => WriteObject(value));
        public void PostObjects(System.Collections.IEnumerable values) => Post(() => WriteObject(values, true));
        public void PostVerbose(string text) => Post(() => WriteVerbose(text));
        public void PostDebug(string text) => Post(() => WriteDebug(text));
        public void PostWarning(string text) => Post(() => WriteWarning(text));
        public void PostError(ErrorRecord record) => Post(() => WriteError(record));
        public void PostProgress(ProgressRecord record) => Post(() => WriteProgress(record));
        public void PostInformation(object message, string source) =>
            Post(() => WriteInformation(new InformationRecord(message, source)));

        /// <summary>Asks ShouldProcess on the pipeline thread (so -WhatIf and -Confirm work) and returns the answer.</summary>
        public Task<bool> ShouldProcessAsync(string target, string action)
        {
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(() =>
            {
                try { answer.TrySetResult(ShouldProcess(target, action)); }
                catch (Exception ex) { answer.TrySetException(ex); }
            });
            return answer.Task;
        }

        private void Post(Action action)
        {
            var queue = _queue;
            if (_pipelineThreadId == 0 || Thread.CurrentThread.ManagedThreadId == _pipelineThreadId)
            {
                // Called from the pipeline thread itself (or before any work started): act at once.
                action();
                return;
            }
            // The work is over and nothing listens: a straggler (e.g. a call a failed run left behind, finishing later)
            // must never write from its own thread, which would run the next pipeline's script blocks on that thread.
            if (queue == null) return;
            try { queue.Add(action); }
            catch (InvalidOperationException) { /* work already finished; nothing listens any more */ }
        }

        private int _pipelineThreadId;

        private void Run(Func<CancellationToken, Task> work)
        {
            _pipelineThreadId = Thread.CurrentThread.ManagedThreadId;
            using (var queue = new BlockingCollection<Action>())
            {
                _queue = queue;
                var task = Task.Run(() => work(_stop.Token));
                task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
                try
                {
                    foreach (var action in queue.GetConsumingEnumerable())
                        action();
                }
                finally
                {
                    _queue = null;
                }
                try
                {
                    task.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    // Ctrl+C: PowerShell already knows the pipeline is stopping.
                    throw new PipelineStoppedException();
                }
                catch (PipelineStoppedException)
                {
                    throw;
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException))
                {
                    ThrowTerminatingError(ErrorRecordFactory.Create(ex, TargetOf(ex)));
                }
            }
        }

        /// <summary>The item an unexpected exception is about; cmdlets override to name their current input.</summary>
        protected virtual object? TargetOf(Exception ex) => null;

        /// <summary>PowerShell calls this when the invocation ends (finished, failed or stopped).</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Release what the invocation holds; Run has returned by now, so no work is still using it.</summary>
        protected virtual void Dispose(bool disposing)
        {
            if (disposing) _stop.Dispose();
        }
    }
}
