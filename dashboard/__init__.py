"""The Dash web app: pages that read the warehouse's marts, read-only."""
