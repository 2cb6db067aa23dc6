"""A tiny inventory: the example Lantern explains in the README's quick start."""

from dataclasses import dataclass, field


@dataclass
class Item:
    """One stock-keeping unit."""

    sku: str
    price_cents: int
    quantity: int = 0


@dataclass
class Inventory:
    """Items by SKU, with the operations a shop needs."""

    items: dict[str, Item] = field(default_factory=dict)

    def add(self, item: Item) -> None:
        """Adds an item, or increases the quantity of one already stocked."""
        existing = self.items.get(item.sku)
        if existing:
            existing.quantity += item.quantity
        else:
            self.items[item.sku] = item

    def remove(self, sku: str, quantity: int = 1) -> bool:
        """Takes `quantity` units out; False when there are not enough."""
        item = self.items.get(sku)
        if item is None or item.quantity < quantity:
            return False
        item.quantity -= quantity
        return True

    def total_value(self) -> int:
        """Value of everything in stock, in cents."""
        return sum(line_value(item) for item in self.items.values())


def line_value(item: Item) -> int:
    return item.price_cents * item.quantity
