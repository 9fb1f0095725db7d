export { findProgram, clearProgramCache, SANDBOX_PATH } from './find-program.js';
export { runProgram, configureProgramConcurrency, programConcurrency, type RunProgramOptions, type ProgramResult } from './run-program.js';
export { SandboxPool, type SandboxPoolOptions } from './sandbox-pool.js';
export { SandboxFailure, isSandboxFailure, type SandboxLimits, type SandboxFailureReason, type WorkerErrorDetail } from './sandbox-failure.js';
export { Semaphore } from './semaphore.js';
export { resolveWorkerModule } from './worker-module.js';
export { ChildMemoryBudget, childMemoryBudget, type BudgetState, configureChildMemoryBudget, DEFAULT_CHILD_MEMORY_MB } from './child-memory-budget.js';
export { expectedProgramPeakMb, expectedWorkerPeakMb, tesseractPeakMb } from './expected-peaks.js';
export { RoundRobinSlots } from './round-robin-slots.js';
