"use client";

import { length } from "@bourse/core/social/text";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import {
  type CommentInfo,
  type PostInfo,
  profileUrl,
  useAddComment,
  useComments,
  useDeleteComment,
} from "@/client/social";
import { Card } from "@/components/card";
import { FormError } from "@/components/field";
import { PagedList } from "@/components/paged-list";
import { Avatar } from "./avatar";
import { RichText } from "./rich-text";
import { Ago } from "./time";

export const MAX_COMMENT = 1000;

/** A post's conversation, oldest first, page by page; members add to it. */
export function Comments({ post, me }: { post: PostInfo; me: { id: string; member: boolean } }) {
  const comments = useComments(post.id);
  return (
    <Card
      id="comments"
      className="comments"
      title={
        <>
          Comments{" "}
          <span className="muted small" data-testid="comments-count">
            {post.commentsCount}
          </span>
        </>
      }
    >
      <PagedList
        list={comments}
        unavailable="Comments are unavailable"
        empty="No comment yet."
        more="More comments"
      >
        {(items) => (
          <ul className="comment-list">
            {items.map((comment) => (
              <CommentRow
                key={comment.id}
                comment={comment}
                canDelete={me.member && (comment.author.id === me.id || post.author.id === me.id)}
              />
            ))}
          </ul>
        )}
      </PagedList>
      {me.member ? (
        <CommentForm postID={post.id} />
      ) : (
        <p className="muted">
          <Link href="/signup">Sign up</Link> or <Link href="/login">log in</Link> to comment.
        </p>
      )}
    </Card>
  );
}

function CommentRow({ comment, canDelete }: { comment: CommentInfo; canDelete: boolean }) {
  const remove = useDeleteComment(comment.postID);
  const { author } = comment;
  return (
    <li className="comment" data-testid="comment">
      <Avatar person={author} size={32} />
      <div className="comment-body">
        <div className="small">
          {author.handle ? (
            <Link href={profileUrl(author.handle)}>
              <strong>{author.displayName}</strong>
            </Link>
          ) : (
            <strong>{author.displayName}</strong>
          )}{" "}
          <span className="muted">
            <Ago at={comment.createdAt} />
          </span>
        </div>
        <p className="comment-text">
          <RichText text={comment.text} />
        </p>
        <FormError error={remove.error} />
      </div>
      {canDelete && (
        <button
          type="button"
          className="link-button small"
          onClick={() => remove.mutate(comment.id)}
          disabled={remove.isPending}
          aria-label={`Delete comment by ${author.displayName}`}
        >
          Delete
        </button>
      )}
    </li>
  );
}

function CommentForm({ postID }: { postID: string }) {
  const add = useAddComment(postID);
  const [text, setText] = useState("");
  const size = length(text.trim());
  const tooLong = size > MAX_COMMENT;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (size === 0 || tooLong) return;
    add.mutate(text, { onSuccess: () => setText("") });
  };
  return (
    <form className="form comment-form" onSubmit={submit} aria-label="Add a comment">
      <div className="field">
        <label htmlFor="comment-text">Add a comment</label>
        <textarea
          id="comment-text"
          rows={2}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={tooLong || undefined}
          aria-describedby="comment-count"
        />
        <p id="comment-count" className={`small ${tooLong ? "field-error" : "muted"}`}>
          {size}/{MAX_COMMENT}
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={size === 0 || tooLong || add.isPending}>
          {add.isPending ? "Sending…" : "Comment"}
        </button>
      </div>
      <FormError error={add.error} />
    </form>
  );
}
