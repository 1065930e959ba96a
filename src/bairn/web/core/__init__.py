"""Core: the page layout (Scottish Government Design System), security headers, navigation,
error pages and the health check. Every other web app builds on it."""
