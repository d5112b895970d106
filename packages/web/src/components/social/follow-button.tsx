"use client";

import { type UserView, useFollow } from "@/client/social";

/** Follow / Unfollow, shown at once (optimistic) and rolled back if the API refuses. */
export function FollowButton({ view }: { view: UserView }) {
  const handle = view.user.handle ?? "";
  const follow = useFollow(handle);
  const following = Boolean(view.followedByMe);
  return (
    <span className="follow">
      <button
        type="button"
        className={following ? "button-secondary" : undefined}
        onClick={() => follow.mutate(!following)}
        data-testid="follow-button"
      >
        {following ? "Unfollow" : "Follow"}
      </button>
      <span role="status" className="small muted">
        {following ? `You follow @${handle}` : ""}
      </span>
      {follow.error && (
        <span role="alert" className="error small">
          {follow.error.message}
        </span>
      )}
    </span>
  );
}
