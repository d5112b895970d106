"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { refetchAfterWrite } from "@/client/after-write";
import { ApiError } from "@/client/api";
import { fieldErrors, type Me, useMe, useUpdateProfile } from "@/client/auth";
import { keys, profileUrl, type UserView, useSetAvatar, useUser, useUserPosts } from "@/client/social";
import { IMAGE_TYPES, imageProblem, uploadImage } from "@/client/social-upload";
import { Card } from "@/components/card";
import { Field, FormError, TextField } from "@/components/field";
import { PagedList } from "@/components/paged-list";
import { Avatar } from "./avatar";
import { FollowButton } from "./follow-button";
import { PostGrid } from "./post-grid";

/** A member's profile at /@handle: who they are, their counts, follow, their posts; their own is editable. */
export function ProfileView({ handle }: { handle: string }) {
  const view = useUser(handle);
  const me = useMe();
  if (view.isPending) return <p className="muted">Loading…</p>;
  if (view.error)
    return view.error instanceof ApiError && view.error.status === 404 ? (
      <>
        <h1>No such member</h1>
        <p className="lead">
          Nobody is called @{handle}. <Link href="/social">Back to Social</Link>.
        </p>
      </>
    ) : (
      <p className="error">This profile is unavailable: {view.error.message}</p>
    );
  const self = me.data?.kind === "member" && me.data.id === view.data.user.id ? me.data : undefined;
  return (
    <>
      <ProfileHeader view={view.data} self={self} member={me.data?.kind === "member"} />
      <Posts handle={view.data.user.handle ?? handle} self={Boolean(self)} />
    </>
  );
}

function ProfileHeader({ view, self, member }: { view: UserView; self?: Me; member: boolean }) {
  const { user } = view;
  const [editing, setEditing] = useState(false);
  const base = profileUrl(user.handle ?? "");
  return (
    <section className="card profile" aria-label="Profile">
      <div className="profile-head">
        <Avatar person={user} size={88} />
        <div className="profile-who">
          <h1 data-testid="profile-name">{user.displayName}</h1>
          <p className="muted profile-line" data-testid="profile-handle">
            @{user.handle}
          </p>
          {user.bio && <p className="profile-line profile-bio">{user.bio}</p>}
          <ul className="profile-counts">
            <li data-testid="posts-count">
              <strong>{user.postsCount}</strong> {user.postsCount === 1 ? "post" : "posts"}
            </li>
            <li>
              <Link href={`${base}/followers`} data-testid="followers-count">
                <strong>{user.followersCount}</strong> {user.followersCount === 1 ? "follower" : "followers"}
              </Link>
            </li>
            <li>
              <Link href={`${base}/following`} data-testid="following-count">
                <strong>{user.followingCount}</strong> following
              </Link>
            </li>
          </ul>
        </div>
        <div className="profile-actions">
          {self ? (
            <button type="button" className="button-secondary" onClick={() => setEditing(!editing)}>
              {editing ? "Close" : "Edit profile"}
            </button>
          ) : member ? (
            <FollowButton view={view} />
          ) : (
            <Link href="/signup" className="button-link">
              Sign up to follow
            </Link>
          )}
        </div>
      </div>
      {self && editing && <EditProfile me={self} onDone={() => setEditing(false)} />}
    </section>
  );
}

/** Name, bio, handle (kept unique by the API) and picture (uploaded straight to storage). */
function EditProfile({ me, onDone }: { me: Me; onDone: () => void }) {
  const update = useUpdateProfile();
  const avatar = useSetAvatar();
  const client = useQueryClient();
  const router = useRouter();
  const [progress, setProgress] = useState<number>();
  const [avatarError, setAvatarError] = useState<unknown>();

  const saved = (user: Me, previousHandle: string | null) => {
    void refetchAfterWrite(
      client,
      keys.user(previousHandle ?? ""),
      ...(user.handle ? [keys.user(user.handle)] : []),
    );
    if (user.handle && user.handle !== previousHandle) router.replace(profileUrl(user.handle));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const handle = String(form.get("handle")).trim().replace(/^@/, "");
    update.mutate(
      {
        displayName: String(form.get("displayName")),
        bio: String(form.get("bio")),
        ...(handle.toLowerCase() !== me.handle ? { handle } : {}),
      },
      {
        onSuccess: (user) => {
          saved(user, me.handle);
          onDone();
        },
      },
    );
  };

  const pickAvatar = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    setAvatarError(undefined);
    if (!file) return;
    const problem = imageProblem(file);
    if (problem) return setAvatarError(new Error(problem));
    try {
      const avatarKey = await uploadImage(file, "avatar", setProgress);
      await avatar.mutateAsync(avatarKey);
    } catch (error) {
      setAvatarError(error);
    } finally {
      setProgress(undefined);
    }
  };

  const fields = fieldErrors(update.error);
  return (
    <form
      className="form profile-edit"
      onSubmit={submit}
      aria-label="Edit profile"
      key={`${me.handle}:${me.bio}`}
    >
      <div className="field">
        <label htmlFor="avatar-file">Picture</label>
        <input id="avatar-file" type="file" accept={IMAGE_TYPES.join(",")} onChange={pickAvatar} />
        {progress !== undefined && (
          <progress aria-label="Picture upload progress" max={100} value={Math.round(progress * 100)} />
        )}
        {me.avatarKey && (
          <button
            type="button"
            className="link-button small"
            onClick={() => avatar.mutate(null)}
            disabled={avatar.isPending}
          >
            Remove picture
          </button>
        )}
        <FormError error={avatarError ?? avatar.error} />
      </div>
      <Field
        label="Display name"
        name="displayName"
        required
        maxLength={50}
        defaultValue={me.displayName}
        error={fields.displayName}
      />
      <Field
        label="Handle"
        name="handle"
        required
        maxLength={30}
        defaultValue={me.handle ?? ""}
        hint="3 to 30 letters, digits or _. Your old @handle becomes free for others."
        error={fields.handle}
      />
      <TextField
        label="Bio"
        id="profile-bio"
        name="bio"
        rows={3}
        maxLength={300}
        defaultValue={me.bio}
        error={fields.bio}
      />
      <div className="form-actions">
        <button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </button>
      </div>
      <FormError error={update.error} />
    </form>
  );
}

function Posts({ handle, self }: { handle: string; self: boolean }) {
  const posts = useUserPosts(handle);
  return (
    <Card id="posts" title="Posts">
      <PagedList
        list={posts}
        unavailable="Posts are unavailable"
        empty={
          self ? (
            <>
              No post yet. <Link href="/social">Share your first image</Link>.
            </>
          ) : (
            "No post yet."
          )
        }
        more="Show more"
      >
        {(items) => <PostGrid posts={items} />}
      </PagedList>
    </Card>
  );
}
