/** The one import of the Job Execution Status screen (src/screens/job-status/, its own folder and owner). */
export * from './job-status/index.js';
