/**
 * The one ElectroDB Service over every entity of the table. Each context declares its entities in
 * `<context>/entities.ts`; register them here: building the Service checks that they all agree on the
 * table's keys and indexes (service.test.ts builds it and finds any entity left out). Runtime code does
 * not import it: it would build every entity in every Lambda (transactions go through `transact`).
 */
import { Service } from "electrodb";
import * as alert from "../alert/entities";
import * as auth from "../auth/entities";
import * as calc from "../calc/entities";
import * as email from "../email/entities";
import * as feed from "../feed/entities";
import * as metrics from "../metrics/entities";
import * as news from "../news/entities";
import * as order from "../order/entities";
import * as partner from "../partner/entities";
import * as priceData from "../price-data/entities";
import * as rateLimit from "../rate-limit/entities";
import * as realtime from "../realtime/entities";
import * as resilience from "../resilience/entities";
import * as sentiment from "../sentiment/entities";
import * as social from "../social/entities";
import * as upload from "../upload/entities";
import * as user from "../user/entities";
import * as watchlist from "../watchlist/entities";
import { Configuration } from ".";

export const service = new Service(
  {
    users: user.users,
    userGuards: user.userGuards,
    sessions: auth.sessions,
    refreshTokens: auth.refreshTokens,
    magicLinks: auth.magicLinks,
    emails: email.emails,
    emailRetries: email.emailRetries,
    partners: partner.partners,
    apiKeys: partner.apiKeys,
    metricCounts: metrics.metricCounts,
    metricSnapshots: metrics.metricSnapshots,
    rateLimits: rateLimit.counters,
    uploads: upload.uploads,
    priceRuns: priceData.runs,
    priceFiles: priceData.files,
    priceAnalyses: priceData.analyses,
    posts: social.posts,
    likes: social.likes,
    follows: social.follows,
    comments: social.comments,
    notifications: social.notifications,
    notificationMarks: social.notificationMarks,
    counterEvents: social.counterEvents,
    feedItems: feed.feedItems,
    feedStates: feed.feedStates,
    feedAuthors: feed.feedAuthors,
    articles: news.articles,
    articleHeadlines: news.articleHeadlines,
    articleTickers: news.articleTickers,
    newsRuns: news.newsRuns,
    articleScores: sentiment.articleScores,
    sentimentHours: sentiment.sentimentHours,
    watchlists: watchlist.watchlists,
    watchlistEvents: watchlist.watchlistEvents,
    watchlistQuotas: watchlist.watchlistQuotas,
    watchCounts: watchlist.watchCounts,
    calculations: calc.calculations,
    userAdmins: user.admins,
    partnerOperators: partner.operators,
    orders: order.orders,
    orderGuards: order.orderGuards,
    orderCounters: order.orderCounters,
    orderErrors: order.orderErrors,
    orderRules: order.orderRules,
    orderMetricMarks: order.orderMetricMarks,
    orderAlarms: order.orderAlarms,
    orderAlarmEpisodes: order.orderAlarmEpisodes,
    breakerStates: resilience.breakerStates,
    breakerTransitions: resilience.breakerTransitions,
    chaosSwitches: resilience.chaosSwitches,
    quotaCounters: resilience.quotaCounters,
    alertRules: alert.alertRules,
    alertQuotas: alert.alertQuotas,
    alertTargets: alert.alertTargets,
    alertFirings: alert.alertFirings,
    alertUnsubscribes: alert.alertUnsubscribes,
    realtimeConnections: realtime.connections,
    realtimeSubscriptions: realtime.subscriptions,
    realtimeMarks: realtime.marks,
    realtimeTickets: realtime.tickets,
  },
  Configuration,
);
