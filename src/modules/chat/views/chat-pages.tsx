import { formatDateTime } from '../../../web/format.ts';
import { t } from '../../../web/i18n.ts';
import { ErrorSummary, Field, type FormState } from '../../../web/views/forms.tsx';
import { MAX_MESSAGE_LENGTH } from '../messages.ts';
import type { ChannelCircle } from '../policy.ts';
import type { ChatMessage, UnreadChannel } from '../queries.ts';
import { Pager } from '../../../web/views/pager.tsx';
import { Table } from '../../../web/views/table.tsx';

// Message bodies are rendered as text children, which Preact escapes: never as HTML.
function MessageItem({ m, timeZone }: { m: ChatMessage; timeZone: string }) {
  const time = <time datetime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt, timeZone)}</time>;
  if (m.kind === 'system') {
    return (
      <li class="chat-message chat-system" id={`message-${m.id}`} data-message-id={m.id}>
        <p>
          <em>{m.body}</em> · {time}
        </p>
      </li>
    );
  }
  return (
    <li class="chat-message" id={`message-${m.id}`} data-message-id={m.id}>
      <p class="chat-meta">
        <strong>{m.authorName ?? t('Someone')}</strong> · {time}
      </p>
      <p class="chat-body prose">{m.body}</p>
    </li>
  );
}

interface ChatPageProps {
  circle: ChannelCircle;
  messages: ChatMessage[];
  older: string | null;
  newer: string | null;
  /** Set when showing a page before the latest: the live script then leaves the page alone. */
  viewingHistory: boolean;
  state: FormState;
  timeZone: string;
}

export function ChatPage({ circle, messages, older, newer, viewingHistory, state, timeZone }: ChatPageProps) {
  const base = `/circles/${circle.id}/chat`;
  return (
    <>
      <link rel="stylesheet" href="/static/chat.css" />
      <h1>{t('Chat: {circle}', { circle: circle.name })}</h1>
      <p>
        {circle.kind === 'team' ? t('Everyone in this team can read this chat.') : t('Everyone in this circle can read this chat.')}{' '}
        <a href={`/circles/${circle.id}`}>{circle.kind === 'team' ? t('About the team') : t('About the circle')}</a> ·{' '}
        <a href="/chat">{t('All your chats')}</a>
      </p>
      <Pager label={t('More messages')} prev={newer ? `${base}?after=${encodeURIComponent(newer)}` : null} next={older ? `${base}?before=${encodeURIComponent(older)}` : null} prevText={t('Newer messages')} nextText={t('Older messages')} />
      {viewingHistory ? (
        <p>
          <a href={base}>{t('Back to the latest messages')}</a>
        </p>
      ) : null}
      <div role="log" aria-label={t('Messages')} class="chat-log" data-stream={viewingHistory ? undefined : `${base}/stream`}>
        {messages.length === 0 ? <p id="chat-empty">{t('No messages yet. Say hello!')}</p> : null}
        <ol id="chat-messages" class="plain-list chat-messages">
          {messages.map((m) => (
            <MessageItem key={m.id} m={m} timeZone={timeZone} />
          ))}
        </ol>
      </div>
      <h2 id="send">{t('Send a message')}</h2>
      <form method="post" action={base} id="chat-form" data-api={`/api/v1/circles/${circle.id}/chat/messages`} novalidate>
        <ErrorSummary errors={state.errors} />
        <input type="hidden" name="_csrf" value={state.csrf} />
        <Field
          name="body"
          label={t('Your message')}
          type="textarea"
          state={state}
          hint={t('Up to {n} characters. Everyone in the chat will see it.', { n: MAX_MESSAGE_LENGTH.toLocaleString('en-GB') })}
        />
        <button type="submit">{t('Send')}</button>
        <p id="chat-status" role="status" class="visually-hidden"></p>
      </form>
      <script src="/static/chat.js" defer></script>
    </>
  );
}

export function ChatsPage({ channels, timeZone }: { channels: UnreadChannel[]; timeZone: string }) {
  return (
    <>
      <h1>{t('Chats')}</h1>
      <p>{t('Every circle and team you belong to has a chat. Its members are always the circle’s members.')}</p>
      {channels.length === 0 ? (
        <p>{t('You are not in any circle or team yet, so you have no chats.')}</p>
      ) : (
        <Table caption={t('Your chats with their unread messages')} hideCaption>
          <thead>
            <tr>
              <th scope="col">{t('Chat')}</th>
              <th scope="col">{t('Kind')}</th>
              <th scope="col">{t('Unread')}</th>
              <th scope="col">{t('Latest message')}</th>
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => (
              <tr key={c.circleId}>
                <td>
                  <a href={`/circles/${c.circleId}/chat`}>{c.name}</a>
                </td>
                <td>{c.kind === 'team' ? t('Team') : t('Circle')}</td>
                <td>{c.unread > 0 ? <strong>{t(c.unreadCapped ? '{n} or more unread' : '{n} unread', { n: c.unread })}</strong> : t('None')}</td>
                <td>{c.latestAt ? formatDateTime(c.latestAt, timeZone) : t('No messages yet')}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
