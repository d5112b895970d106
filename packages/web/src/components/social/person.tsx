import Link from "next/link";
import type { ReactNode } from "react";
import { type Profile, profileUrl } from "@/client/social";
import { Avatar } from "./avatar";

/** One person in a list: picture, name and @handle linking to the profile, the start of their bio. */
export function PersonRow({ person, note, action }: { person: Profile; note?: string; action?: ReactNode }) {
  return (
    <li className="person" data-testid="person">
      <Avatar person={person} />
      <div className="person-who">
        <Link href={profileUrl(person.handle ?? "")} className="person-name">
          <strong>{person.displayName}</strong> <span className="muted">@{person.handle}</span>
        </Link>
        {note && <div className="small muted">{note}</div>}
        {person.bio && <div className="small person-bio">{person.bio}</div>}
      </div>
      {action}
    </li>
  );
}
