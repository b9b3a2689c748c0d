"""The financing services: `applications` (apply, review, decide, disburse, withdraw) and `messages`
(the conversation of an application)."""
