import { ApiError } from "@/client/api";

interface Issue {
  path: string;
  message: string;
}

/** The issues of a validation_failed answer (`details`), or none. */
export function issuesOf(error: unknown): Issue[] {
  return error instanceof ApiError && Array.isArray(error.details) ? error.details : [];
}

/** A validation_failed answer's issues, one per field, as a list (nothing when there are none). */
export function Issues({ issues }: { issues: Issue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul>
      {issues.map((issue) => (
        <li key={`${issue.path}:${issue.message}`}>
          {issue.path}: {issue.message}
        </li>
      ))}
    </ul>
  );
}
