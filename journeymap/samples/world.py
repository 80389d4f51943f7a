"""The sample world: three personas, each with a designed journey and planted deviations.

The generator simulates customers walking these journeys, writes what the tools would export,
and records the ground truth. The same definitions are written out as the designed maps, so the
demo holds real (simulated) behaviour against the journey the team intended.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    """One designed step: what the customer does, at which touchpoint, and how long it takes."""

    stage: str
    name: str
    touchpoint: str
    channel: str
    action: str
    emotion: int
    gap_hours: tuple[float, float]  # how long after the previous event it usually happens
    target_hours: float | None = None  # designed upper bound for that wait
    late_hours: tuple[float, float] | None = None  # wait drawn when the step is planted late


@dataclass(frozen=True)
class Insertion:
    """An unexpected touchpoint planted after a designed step."""

    touchpoint: str
    after: str
    rate: float
    gap_hours: tuple[float, float] = (0.1, 0.5)


@dataclass(frozen=True)
class Persona:
    """A persona of the sample world and how its customers deviate from the design."""

    name: str
    title: str
    goal: str
    owner: str
    share: float
    description: str
    steps: tuple[Step, ...]
    drop_after: dict[str, float] = field(default_factory=dict)
    skip: dict[str, float] = field(default_factory=dict)
    late: dict[str, float] = field(default_factory=dict)
    insertions: tuple[Insertion, ...] = ()
    # planted outcome effect: skipping a step raises the chance to drop after a later one
    drop_after_if_skipped: dict[str, tuple[str, float]] = field(default_factory=dict)
    campaign: str | None = None  # Google Ads campaign that brings this persona in
    keywords: tuple[str, ...] = ()


BARGAIN_HUNTER = Persona(
    name="bargain_hunter",
    title="Bargain hunter: paid search to first purchase",
    goal="order_placed",
    owner="growth-marketing",
    share=0.38,
    description="Consumers who search for a deal, compare prices and buy on the first visit.",
    campaign="B2C | Deals | Search",
    keywords=("cheap running shoes", "running shoes sale", "trail shoes discount"),
    steps=(
        Step("Discover", "Clicks a search ad", "ad_clicked", "ads", "Searches and clicks", 1,
             (0, 0)),
        Step("Discover", "Lands on the product page", "page_viewed:product", "web",
             "Reads the offer", 1, (0, 0)),
        Step("Consider", "Compares prices", "page_viewed:pricing", "web", "Checks the price", 0,
             (0.02, 0.3)),
        Step("Buy", "Creates an account", "signed_up", "web", "Signs up", 0, (0.05, 0.5)),
        Step("Buy", "Places the order", "order_placed", "web", "Pays", 1, (0.05, 1.0),
             target_hours=24),
        Step("Buy", "Becomes a customer in the CRM", "lifecycle_customer", "crm",
             "(back office)", 1, (0.05, 0.5)),
        Step("Return", "Receives the thank-you email", "email_delivered", "email",
             "Gets the email", 1, (0.5, 6.0)),
        Step("Return", "Reads the thank-you email", "email_opened", "email", "Opens it", 2,
             (0.5, 30.0), target_hours=48, late_hours=(96.0, 240.0)),
    ),
    drop_after={"page_viewed:product": 0.15, "page_viewed:pricing": 0.2, "signed_up": 0.15,
                "email_delivered": 0.25},
    skip={"page_viewed:pricing": 0.25},
    late={"email_opened": 0.2},
    drop_after_if_skipped={"page_viewed:pricing": ("signed_up", 0.5)},
    insertions=(Insertion("page_viewed:reviews", after="page_viewed:product", rate=0.15),),
)

NEWSLETTER_READER = Persona(
    name="newsletter_reader",
    title="Newsletter reader: email nurture to purchase",
    goal="order_placed",
    owner="crm-team",
    share=0.30,
    description="Subscribers who read the newsletter for a while before they buy.",
    steps=(
        Step("Subscribe", "Subscribes to the newsletter", "lifecycle_subscriber", "crm",
             "Leaves an email", 1, (0, 0)),
        Step("Engage", "Receives the newsletter", "email_delivered", "email", "Gets the email", 0,
             (2.0, 72.0)),
        Step("Engage", "Opens the newsletter", "email_opened", "email", "Reads it", 1,
             (0.2, 20.0)),
        Step("Engage", "Clicks an offer", "email_clicked", "email", "Clicks through", 1,
             (0.05, 1.0)),
        Step("Engage", "Views the product", "page_viewed:product", "web", "Reads the offer", 1,
             (0.002, 0.015)),
        Step("Buy", "Creates an account", "signed_up", "web", "Signs up", 0, (0.05, 1.0)),
        Step("Buy", "Places the order", "order_placed", "web", "Pays", 2, (0.05, 20.0),
             target_hours=72),
        Step("Buy", "Becomes a customer in the CRM", "lifecycle_customer", "crm",
             "(back office)", 1, (0.05, 0.5)),
    ),
    drop_after={"email_delivered": 0.2, "email_opened": 0.3, "signed_up": 0.1},
    skip={"email_opened": 0.1},
    insertions=(Insertion("ad_clicked", after="email_clicked", rate=0.12,
                          gap_hours=(2.0, 48.0)),),
    campaign="B2C | Retargeting | Display",
    keywords=("(display)",),
)

B2B_EVALUATOR = Persona(
    name="b2b_evaluator",
    title="B2B evaluator: lead to closed deal",
    goal="lifecycle_customer",
    owner="sales-ops",
    share=0.32,
    description="Buyers at companies who request a demo and go through a sales cycle.",
    campaign="B2B | Solutions | Search",
    keywords=("customer journey analytics", "journey mapping software", "b2b funnel tool"),
    steps=(
        Step("Discover", "Clicks a search ad", "ad_clicked", "ads", "Searches and clicks", 0,
             (0, 0)),
        Step("Discover", "Reads the solutions page", "page_viewed:solutions", "web",
             "Reads use cases", 1, (0, 0)),
        Step("Evaluate", "Requests a demo", "demo_requested", "web", "Fills the demo form", 1,
             (0.05, 2.0)),
        Step("Evaluate", "Becomes a lead", "lifecycle_lead", "crm", "(back office)", 0,
             (0.05, 0.3)),
        Step("Evaluate", "Receives the demo follow-up", "email_delivered", "email",
             "Gets the email", 0, (0.1, 2.0)),
        Step("Evaluate", "Opens the follow-up", "email_opened", "email", "Reads it", 1,
             (0.2, 24.0)),
        Step("Decide", "Opportunity opened", "lifecycle_opportunity", "crm", "Talks to sales", 0,
             (24.0, 200.0), target_hours=336, late_hours=(500.0, 900.0)),
        Step("Decide", "Signs the contract", "lifecycle_customer", "crm", "Signs", 2,
             (48.0, 400.0)),
    ),
    drop_after={"page_viewed:solutions": 0.3, "lifecycle_lead": 0.1, "email_opened": 0.25,
                "lifecycle_opportunity": 0.35},
    skip={"email_opened": 0.15},
    late={"lifecycle_opportunity": 0.25},
    drop_after_if_skipped={"email_opened": ("lifecycle_opportunity", 0.9)},
    insertions=(Insertion("page_viewed:pricing", after="page_viewed:solutions", rate=0.2,
                          gap_hours=(0.01, 0.2)),),
)

PERSONAS: tuple[Persona, ...] = (BARGAIN_HUNTER, NEWSLETTER_READER, B2B_EVALUATOR)


# What the designed maps say of the customer at each touchpoint, beyond the action.
STEP_DETAILS: dict[str, dict] = {
    "ad_clicked": {"customer_goal": "Find a good option quickly",
                   "expectation": "The page matches the ad's promise",
                   "kpis": ["click-through rate", "cost per click"]},
    "page_viewed:product": {"customer_goal": "Know if it fits their need",
                            "expectation": "Price, delivery time and returns at a glance",
                            "pain_points": ["Delivery cost shown only at checkout"],
                            "opportunities": ["Show delivery cost on the product page"],
                            "kpis": ["product page conversion"]},
    "page_viewed:pricing": {"customer_goal": "Not overpay",
                            "expectation": "No hidden fees",
                            "pain_points": ["Discount codes hard to find"],
                            "kpis": ["pricing page exits"]},
    "page_viewed:solutions": {"customer_goal": "See use cases like theirs",
                              "expectation": "Examples from their industry",
                              "opportunities": ["Industry pages with customer stories"]},
    "signed_up": {"customer_goal": "Pay quickly", "expectation": "Few fields, social login",
                  "pain_points": ["Forced account creation"],
                  "opportunities": ["Guest checkout"], "kpis": ["sign-up completion rate"]},
    "order_placed": {"customer_goal": "Get the product",
                     "expectation": "Familiar payment methods, instant confirmation",
                     "kpis": ["checkout conversion", "average order value"]},
    "lifecycle_customer": {"customer_goal": "(back office)",
                           "kpis": ["customers won"]},
    "email_delivered": {"expectation": "A timely, relevant email",
                        "kpis": ["delivery rate"]},
    "email_opened": {"customer_goal": "Learn something useful",
                     "expectation": "Relevant content, not spam",
                     "pain_points": ["Generic content"],
                     "opportunities": ["Personalise by last product viewed"],
                     "kpis": ["open rate"]},
    "email_clicked": {"customer_goal": "See the offer", "kpis": ["click rate"]},
    "lifecycle_subscriber": {"customer_goal": "Hear about deals",
                             "expectation": "One email a week at most",
                             "kpis": ["new subscribers"]},
    "demo_requested": {"customer_goal": "See the product on their own data",
                       "expectation": "A slot within a few days",
                       "pain_points": ["Long form with fields already known"],
                       "opportunities": ["Prefill from the ad's lead data"],
                       "kpis": ["demo requests"]},
    "lifecycle_lead": {"kpis": ["speed to lead"]},
    "lifecycle_opportunity": {"customer_goal": "Build the business case",
                              "expectation": "ROI material and references",
                              "pain_points": ["Slow answers from sales"],
                              "kpis": ["lead to opportunity rate"]},
}
